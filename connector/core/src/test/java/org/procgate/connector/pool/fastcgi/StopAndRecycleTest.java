package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;

/** A pool that stops lets its requests in flight finish for the drain time; a worker that leaks memory is replaced. */
class StopAndRecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aRequestInFlightFinishesWithinTheDrainTimeWhenThePoolStops() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("drained").drainTimeout(Duration.ofSeconds(8)).build());
        CompletableFuture<ProgramResponse> inFlight = WorkerFailureTest.async(pool, Requests.get("/sleep", "ms=1500"));
        PoolHarness.waitUntil(WAIT, () -> pool.status().activeWorkers() == 1, () -> "the request is running");

        long start = System.nanoTime();
        pool.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - start);

        assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).as("the request in flight").isEqualTo(200);
        assertThat(closing).as("close waited for it, not for the whole drain").isBetween(Duration.ofMillis(800), Duration.ofSeconds(6));
        assertThat(WorkerFailureTest.failureOf(WorkerFailureTest.async(pool, Requests.get("/pid"))).failure())
                .as("after the stop").isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void pastTheDrainTimeTheRequestIsStopped() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("impatient").drainTimeout(Duration.ofMillis(200)).build());
        CompletableFuture<ProgramResponse> inFlight = WorkerFailureTest.async(pool, Requests.get("/sleep", "ms=5000"));
        PoolHarness.waitUntil(WAIT, () -> pool.status().activeWorkers() == 1, () -> "the request is running");

        long start = System.nanoTime();
        pool.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(WorkerFailureTest.failureOf(inFlight).failure()).as("the request in flight").isNotNull();
    }

    @Test
    void aWorkerOverItsMemoryLimitAfterARequestIsReplaced() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("leaky").maxWorkerMemoryBytes(150L * 1024 * 1024).build());
        long first = Long.parseLong(pool.execute(Requests.get("/leak", "mb=40")).bodyText());
        assertThat(Long.parseLong(pool.execute(Requests.get("/pid")).bodyText())).as("under the limit, kept").isEqualTo(first);

        assertThat(Long.parseLong(pool.execute(Requests.get("/leak", "mb=160")).bodyText())).isEqualTo(first);
        PoolHarness.waitUntil(WAIT, () -> pool.status().restarts() == 1, () -> "the leaking worker replaced");
        assertThat(Long.parseLong(pool.execute(Requests.get("/pid")).bodyText())).as("a new worker").isNotEqualTo(first);
        PoolHarness.awaitGone(Set.of(first));
    }
}
