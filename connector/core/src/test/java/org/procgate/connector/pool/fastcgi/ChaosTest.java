package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;

/**
 * Workers killed and stopped under load (the short version of the reliability run's chaos case):
 * a SIGKILL fails at most the request in flight on that worker, a SIGSTOP at most the one it
 * holds, after the request timeout; every other request succeeds, and the pool recovers.
 */
class ChaosTest {

    private static final int CLIENTS = 4;
    private static final int KILLS = 8;
    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void killedAndStoppedWorkersFailNoMoreThanTheRequestsTheyHeld() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("chaos").maxWorkers(3)
                .requestTimeout(Duration.ofSeconds(2)).borrowTimeout(Duration.ofSeconds(10)).build());
        PoolHarness.waitUntil(Duration.ofSeconds(10), () -> pool.status().idleWorkers() == 3, () -> "three workers up");
        AtomicInteger served = new AtomicInteger();
        List<ProgramException> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            new Thread(() -> {
                try {
                    while (running.get()) {
                        try {
                            pool.execute(Requests.get("/sleep", "ms=20"));
                            served.incrementAndGet();
                        } catch (ProgramException e) {
                            failures.add(e);
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "chaos-client-" + i).start();
        }

        for (int kill = 0; kill < KILLS; kill++) {
            Thread.sleep(250);
            List<Long> workers = livePids(pool);
            ProcessHandle.of(workers.get(ThreadLocalRandom.current().nextInt(workers.size())))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
        long stopped = livePids(pool).get(0);
        new ProcessBuilder("kill", "-STOP", Long.toString(stopped)).start().waitFor(5, TimeUnit.SECONDS);
        Thread.sleep(3000); // past the request timeout: the stopped worker's request fails, it is replaced
        running.set(false);
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(failures.size()).as("failed requests: " + failures).isLessThanOrEqualTo(KILLS + 1);
        assertThat(failures).extracting(ProgramException::failure)
                .allSatisfy(f -> assertThat(f).isIn(Failure.WORKER_DIED, Failure.TIMEOUT));
        assertThat(served.get()).as("requests served meanwhile").isGreaterThan(50);
        PoolHarness.waitUntil(Duration.ofSeconds(15), () -> livePids(pool).size() == 3 && !livePids(pool).contains(stopped),
                () -> "the pool recovers: " + pool.status());
        assertThat(pool.execute(Requests.get("/pid")).status()).isEqualTo(200);
    }

    private static List<Long> livePids(FastCgiPool pool) {
        return pool.status().workers().stream().map(WorkerStatus::pid)
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
    }
}
