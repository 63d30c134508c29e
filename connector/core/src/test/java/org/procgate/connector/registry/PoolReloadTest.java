package org.procgate.connector.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.fastcgi.PoolHarness;

/** A pool's definition changed while it serves: its workers are replaced, and no request fails. */
class PoolReloadTest {

    private static final int CLIENTS = 4;
    private final PoolRegistry registry = new PoolRegistry();

    @AfterEach
    void close() {
        registry.close();
    }

    private static Map<String, String> definition(String generation) {
        Map<String, String> definition = new LinkedHashMap<>();
        definition.put("poolName", "reloaded");
        definition.put("launch", "bind");
        definition.put("command", String.join(" ", TestPrograms.testApp(true)));
        definition.put("environment", "PYTHONPATH=" + TestPrograms.responderLibrary() + ";GENERATION=" + generation);
        definition.put("processManager", "static");
        definition.put("maxWorkers", "2");
        definition.put("shutdownGraceMillis", "500");
        definition.put("drainTimeoutMillis", "5000");
        return definition;
    }

    @Test
    void aReloadUnderLoadReplacesEveryWorkerAndFailsNoRequest() throws Exception {
        ProgramPool pool = registry.open(definition("1"));
        List<Long> oldWorkers = pids(pool);
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                try {
                    while (running.get()) {
                        String generation = pool.execute(Requests.get("/getenv", "name=GENERATION")).bodyText();
                        answers.computeIfAbsent(generation, g -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (ProgramException | RuntimeException e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, "client-" + i);
            client.start();
        }
        PoolHarness.waitUntil(Duration.ofSeconds(10), () -> answers.containsKey("1"), () -> "load on the first definition");

        assertThat(registry.reload("reloaded", Map.of("environment",
                "PYTHONPATH=" + TestPrograms.responderLibrary() + ";GENERATION=2")).name()).isEqualTo("reloaded");
        PoolHarness.waitUntil(Duration.ofSeconds(10), () -> answers.containsKey("2") && answers.get("2").get() > 50,
                () -> "load on the new definition: " + answers);
        running.set(false);
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(failures).as("failed requests").isEmpty();
        assertThat(answers.keySet()).containsExactlyInAnyOrder("1", "2");
        assertThat(pool.execute(Requests.get("/getenv", "name=GENERATION")).bodyText()).isEqualTo("2");
        assertThat(pids(pool)).doesNotContainAnyElementsOf(oldWorkers);
        PoolHarness.awaitGone(Set.copyOf(oldWorkers));
    }

    @Test
    void aReloadWithAWrongValueChangesNothingAndSaysWhy() throws Exception {
        ProgramPool pool = registry.open(definition("1"));
        ProgramPool serving = ((ReloadablePool) pool).current();

        assertThatThrownBy(() -> registry.reload("reloaded", Map.of("maxWorkers", "many")))
                .isInstanceOf(ProgramException.class).hasMessage("pool reloaded: maxWorkers must be a whole number, not 'many'")
                .satisfies(e -> assertThat(((ProgramException) e).failure()).isEqualTo(Failure.BAD_REQUEST));
        assertThatThrownBy(() -> registry.reload("elsewhere", Map.of()))
                .satisfies(e -> assertThat(((ProgramException) e).failure()).isEqualTo(Failure.NOT_FOUND));
        assertThat(((ReloadablePool) pool).current()).isSameAs(serving);
    }

    private static List<Long> pids(ProgramPool pool) throws Exception {
        PoolHarness.waitUntil(Duration.ofSeconds(10), () -> pool.status().workers().size() == 2, () -> "two workers");
        return pool.status().workers().stream().map(WorkerStatus::pid).toList();
    }
}
