package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.procgate.connector.pool.fastcgi.WorkerFailureTest.async;
import static org.procgate.connector.pool.fastcgi.WorkerFailureTest.busyPid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.ProcessManager;

/** The process manager (static, dynamic, ondemand, lifetime), exhaustion, statistics and stop under load. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class PoolSizingTest {

    /** The pool's maintenance runs every second; two cores shared with builds need a margin. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void staticPoolKeepsMaxWorkersAndReplacesADeadOne() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("static").maxWorkers(3).build());
        PoolHarness.waitUntil(WAIT, () -> harness.workerPids(pool).size() == 3, () -> "three workers");
        long victim = harness.workerPids(pool).get(0);

        ProcessHandle.of(victim).orElseThrow().destroyForcibly();

        PoolHarness.waitUntil(WAIT, () -> !harness.workerPids(pool).contains(victim) && pool.status().idleWorkers() == 3,
                () -> "three workers again without " + victim + ": " + harness.workerPids(pool));
    }

    @Test
    void ondemandPoolStartsNoneAndIdlesOut() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("ondemand").processManager(ProcessManager.ONDEMAND)
                .maxWorkers(2).idleTimeout(Duration.ofMillis(500)).build());
        Thread.sleep(300);
        assertThat(pool.status().totalWorkers()).isZero();

        long pid = Long.parseLong(pool.execute(Requests.get("/pid")).bodyText());
        assertThat(harness.workerPids(pool)).containsExactly(pid);

        PoolHarness.waitUntil(WAIT, () -> pool.status().totalWorkers() == 0, () -> "the idle worker ends");
        PoolHarness.awaitGone(Set.of(pid));
    }

    @Test
    void dynamicPoolTrimsAboveMaxSpareThenDownToMinSpare() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("dynamic").dynamic(1, 1, 2).maxWorkers(4)
                .idleTimeout(Duration.ofMillis(500)).build());
        PoolHarness.waitUntil(WAIT, () -> pool.status().idleWorkers() == 1, () -> "the start worker");

        List<CompletableFuture<ProgramResponse>> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            load.add(async(pool, Requests.get("/sleep", "ms=700")));
        }
        PoolHarness.waitUntil(WAIT, () -> pool.status().activeWorkers() == 4, () -> "four busy workers");
        harness.workerPids(pool);
        for (CompletableFuture<ProgramResponse> request : load) {
            assertThat(request.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        PoolHarness.waitUntil(WAIT, () -> pool.status().idleWorkers() <= 2, () -> "at most maxSpare idle: " + pool.status());
        PoolHarness.waitUntil(WAIT, () -> pool.status().totalWorkers() == 1, () -> "down to minSpare: " + pool.status());
    }

    @Test
    void dynamicPoolKeepsItsWorkersBetweenBurstsOfLoad() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("bursts").dynamic(1, 1, 1).maxWorkers(3)
                .idleTimeout(Duration.ofSeconds(5)).build());
        Set<Long> firstBurst = burstOfThree(pool);
        assertThat(firstBurst).hasSize(3);

        Set<Long> secondBurst = burstOfThree(pool);

        assertThat(secondBurst).as("the same processes serve the next burst: none ended on return")
                .isEqualTo(firstBurst);
        assertThat(pool.status().restarts()).isZero();
    }

    /** Three requests at once, each held until all three are running: the pids that served them. */
    private static Set<Long> burstOfThree(FastCgiPool pool) throws Exception {
        List<CompletableFuture<ProgramResponse>> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(async(pool, Requests.get("/sleep", "ms=300")));
        }
        PoolHarness.waitUntil(WAIT, () -> pool.status().activeWorkers() == 3, () -> "three busy workers");
        Set<Long> pids = new HashSet<>(pool.liveWorkers().stream().map(FastCgiWorker::pid).toList());
        for (CompletableFuture<ProgramResponse> request : burst) {
            assertThat(request.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        return pids;
    }

    @Test
    void aWorkerStillStartingWhenThePoolStopsIsEndedToo(@TempDir Path dir) throws Exception {
        TestPrograms.shareWithPrograms(dir);
        // the shell notes its pid (which the worker keeps: exec), then takes its time before the worker binds
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > \"$1/starting.tmp\"; mv \"$1/starting.tmp\" \"$1/starting.pid\"; sleep 0.8; "
                        + "exec \"$2\" \"$3\" --bind \"$0\"", "{socket}",
                dir.toString(), TestPrograms.PYTHON));
        command.add(TestPrograms.testApp(false).get(1));
        FastCgiPool pool = harness.open(PoolSettingsBuilder.fastcgi("slow-start", command)
                .env("PYTHONPATH", TestPrograms.responderLibrary()).processManager(ProcessManager.STATIC)
                .maxWorkers(1).build());
        Path pidFile = dir.resolve("starting.pid");
        PoolHarness.waitUntil(WAIT, () -> Files.exists(pidFile), () -> "the worker starting");
        long pid = Long.parseLong(Files.readString(pidFile).trim());

        pool.close();

        PoolHarness.awaitGone(Set.of(pid));
        assertThat(pool.liveWorkers()).isEmpty();
    }

    @Test
    void maxLifetimeReplacesTheWorker() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("lifetime").maxLifetime(Duration.ofMillis(500)).build());
        String first = pool.execute(Requests.get("/pid")).bodyText();

        PoolHarness.waitUntil(WAIT, () -> !servedBy(pool).equals(first), () -> "a younger worker");
    }

    @Test
    void exhaustedPoolAnswersOverloadedAfterTheBorrowTimeout() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("exhausted").borrowTimeout(Duration.ofMillis(300)).build());
        CompletableFuture<ProgramResponse> busy = async(pool, Requests.get("/sleep", "ms=2000"));
        PoolHarness.waitUntil(WAIT, () -> busyPid(pool) != 0, () -> "the only worker busy");

        long start = System.nanoTime();
        ProgramException failure = catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/pid")));

        assertThat(failure.failure()).isEqualTo(Failure.OVERLOADED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofMillis(1800));
        assertThat(pool.status().maxReachedCount()).isEqualTo(1);
        assertThat(busy.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void statisticsCountRequestsFailuresRestartsAndLatency() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("statistics").requestTimeout(Duration.ofSeconds(1))
                .maxResponseBytes(64 * 1024).build());
        for (int i = 0; i < 3; i++) {
            pool.execute(Requests.get("/pid"));
        }
        catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/sleep", "ms=3000")));
        catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/flood")));

        PoolStatus status = pool.status();
        assertThat(status.acceptedRequests()).isEqualTo(5);
        assertThat(status.failures()).isEqualTo(new PoolStatus.FailureCounts(1, 0, 1, 0, 0, 0));
        assertThat(status.restarts()).isEqualTo(2);
        assertThat(status.p99LatencyMillis()).isGreaterThan(0);
        assertThat(status.meanLatencyMillis()).isGreaterThan(0);

        PoolStatus summary = pool.summary();
        assertThat(summary.workers()).as("a summary lists no workers, so reads nothing from /proc").isEmpty();
        assertThat(summary).usingRecursiveComparison().ignoringFields("workers", "idleWorkers", "totalWorkers")
                .isEqualTo(pool.status());
        assertThat(pool.status().workers()).isNotEmpty().allSatisfy(w -> assertThat(w.residentBytes()).isPositive());
    }

    @Test
    void closeDuringLoadEndsInFlightRequestsWithinTheGraceAndEveryProcess() throws Exception {
        Duration grace = Duration.ofMillis(1000);
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("stop").maxWorkers(3).shutdownGrace(grace).build());
        PoolHarness.waitUntil(WAIT, () -> pool.status().idleWorkers() == 3, () -> "three workers");
        List<CompletableFuture<Integer>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(CompletableFuture.supplyAsync(() -> requestsUntilStopped(pool),
                    runnable -> new Thread(runnable, "load").start()));
        }
        Thread.sleep(800);
        Set<Long> pids = new HashSet<>(harness.workerPids(pool));

        long start = System.nanoTime();
        pool.close();
        for (CompletableFuture<Integer> client : clients) {
            assertThat(client.get(grace.toMillis() + 5000, TimeUnit.MILLISECONDS)).isPositive();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(grace.plusSeconds(5));
        PoolHarness.awaitGone(pids);
        assertThat(pool.status().state()).isEqualTo(PoolStatus.State.STOPPED);
    }

    /** Requests in a loop until the pool refuses; returns how many succeeded. */
    private static int requestsUntilStopped(FastCgiPool pool) {
        int served = 0;
        while (true) {
            try {
                pool.execute(Requests.get("/sleep", "ms=150"));
                served++;
            } catch (ProgramException e) {
                return served;
            }
        }
    }

    private static String servedBy(FastCgiPool pool) {
        try {
            return pool.execute(Requests.get("/pid")).bodyText();
        } catch (ProgramException e) {
            throw new AssertionError("a request failed while the worker was replaced", e);
        }
    }
}
