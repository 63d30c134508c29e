package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;

/** Workers that die, hang, flood, stop reading or exit on their own: each failure is answered and the worker replaced. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class WorkerFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final PoolHarness harness = new PoolHarness();

    @TempDir
    Path directory;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void workerKilledMidRequestFailsThatRequestOnlyAndIsReplaced() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("killed").maxWorkers(3).build());
        PoolHarness.waitUntil(WAIT, () -> pool.status().idleWorkers() == 3, () -> "three workers up");
        CompletableFuture<ProgramResponse> victim = async(pool, Requests.get("/slow-stream", "ms=20000"));
        PoolHarness.waitUntil(WAIT, () -> busyPid(pool) != 0, () -> "a busy worker");
        long killed = busyPid(pool);
        List<CompletableFuture<ProgramResponse>> others = List.of(
                async(pool, Requests.get("/sleep", "ms=800")), async(pool, Requests.get("/sleep", "ms=800")));
        Thread.sleep(200);

        ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL

        ProgramException failure = failureOf(victim);
        assertThat(failure.failure()).isEqualTo(Failure.WORKER_DIED);
        for (CompletableFuture<ProgramResponse> other : others) {
            assertThat(other.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        PoolHarness.waitUntil(WAIT, () -> harness.workerPids(pool).size() == 3 && !harness.workerPids(pool).contains(killed),
                () -> "a replacement for " + killed + ": " + harness.workerPids(pool));
    }

    @Test
    void hangingWorkerTimesOutAndItsTreeGetsTermThenKill() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("hang").requestTimeout(Duration.ofSeconds(1))
                .shutdownGrace(Duration.ofMillis(500)).build());
        PoolHarness.waitUntil(WAIT, () -> pool.status().idleWorkers() == 1, () -> "worker up");
        long worker = harness.workerPids(pool).get(0);

        long start = System.nanoTime();
        ProgramException failure = catchThrowableOfType(ProgramException.class,
                () -> pool.execute(Requests.get("/hang-with-child", "dir=" + TestPrograms.shareWithPrograms(directory))));

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        Path childPid = directory.resolve("child.pid");
        PoolHarness.waitUntil(WAIT, () -> Files.exists(childPid), () -> "the background child wrote its pid");
        long child = Long.parseLong(Files.readString(childPid).trim());
        PoolHarness.awaitGone(Set.of(worker, child));
        assertThat(directory.resolve("worker.term")).as("the worker got SIGTERM first").exists();
        assertThat(directory.resolve("child.term")).as("its background child got SIGTERM first").exists();
        assertThat(pool.execute(Requests.get("/pid")).bodyText()).as("the slot is free again")
                .isNotEqualTo(Long.toString(worker));
    }

    @Test
    void backgroundChildOfAWorkerDoesNotSurviveThePool() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("daemon").build());
        long daemon = Long.parseLong(pool.execute(Requests.get("/spawn-daemon")).bodyText().trim());
        assertThat(ProcessHandle.of(daemon)).as("the double-forked child runs").isPresent();
        harness.remember(daemon);

        harness.close();

        assertThat(PoolHarness.alive(Set.of(daemon))).isEmpty();
    }

    @Test
    void floodIsCutAtTheCapWithBoundedAllocation() throws Exception {
        long cap = 1 << 20;
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("flood").maxResponseBytes(cap).build());
        pool.execute(Requests.get("/pid")); // warm: the first request's one-off allocations do not count
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        ProgramException failure = catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/flood")));

        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(failure.failure()).isEqualTo(Failure.PROTOCOL_ERROR);
        assertThat(allocated).as("bytes allocated while cutting an endless flood at %d", cap).isLessThan(8 * cap);
        assertThat(pool.execute(Requests.get("/pid")).status()).isEqualTo(200);
    }

    @Test
    void workerThatNeverReadsItsInputDoesNotDeadlockALargeUpload() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool("no-read-stdin", 0).build());
        long start = System.nanoTime();

        ProgramResponse response = pool.execute(Requests.post("/x", new byte[10 << 20]));

        assertThat(response.bodyText()).contains("stdin=-1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        PoolHarness.waitUntil(WAIT, () -> pool.status().restarts() == 1, () -> "the out-of-step connection is dropped");
    }

    @Test
    void workerThatAnswersBeforeReadingItsInputDoesNotDeadlock() throws Exception {
        int size = 10 << 20;
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool("answer-before-stdin", size).build());
        long start = System.nanoTime();

        ProgramResponse response = pool.execute(Requests.post("/x", new byte[size]));

        assertThat(response.body()).hasSize(size);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(pool.execute(Requests.post("/x", "again")).status()).as("the connection stayed in step").isEqualTo(200);
        assertThat(pool.status().restarts()).isZero();
    }

    @Test
    void workerThatExitsAfterThreeRequestsCostsNoGetAnError() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool("exit-after", 3).build());

        List<String> answers = getTenTimes(pool);

        assertThat(answers.stream().map(a -> a.replaceAll(" .*", "")).distinct()).as("workers").hasSizeGreaterThanOrEqualTo(4);
        assertThat(pool.status().failures().workerDied()).isZero();
    }

    @Test
    void poolRecyclesAWorkerBeforeItExitsByItself() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool("exit-after", 3).maxRequestsPerWorker(2).build());

        List<String> answers = getTenTimes(pool);

        assertThat(answers).allSatisfy(answer -> assertThat(answer).containsAnyOf("req=1 ", "req=2 "));
        assertThat(answers.stream().map(a -> a.replaceAll(" .*", "")).distinct()).hasSize(5);
    }

    @Test
    void connectionWhoseAnswerWasNotReadToTheEndIsNeverReused() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("unread").maxResponseBytes(64 * 1024).build());
        String first = pool.execute(Requests.get("/pid")).bodyText();

        ProgramException failure = catchThrowableOfType(ProgramException.class,
                () -> pool.execute(Requests.get("/big", "n=1000000")));

        assertThat(failure.failure()).isEqualTo(Failure.PROTOCOL_ERROR);
        assertThat(pool.execute(Requests.get("/pid")).bodyText()).as("served by a new worker").isNotEqualTo(first);
    }

    private List<String> getTenTimes(FastCgiPool pool) throws ProgramException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            harness.workerPids(pool);
            answers.add(pool.execute(Requests.get("/x")).bodyText());
        }
        return answers;
    }

    static long busyPid(FastCgiPool pool) {
        return pool.status().workers().stream().filter(w -> w.state() == WorkerStatus.State.BUSY)
                .mapToLong(WorkerStatus::pid).findFirst().orElse(0);
    }

    static CompletableFuture<ProgramResponse> async(FastCgiPool pool, org.procgate.connector.api.ProgramRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pool.execute(request);
            } catch (ProgramException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, runnable -> new Thread(runnable, "test-client").start());
    }

    static ProgramException failureOf(CompletableFuture<ProgramResponse> request) throws Exception {
        try {
            ProgramResponse response = request.get(15, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got status " + response.status());
        } catch (java.util.concurrent.ExecutionException e) {
            return (ProgramException) e.getCause();
        }
    }
}
