package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;

/**
 * A worker that breaks the FastCGI framing (raw_worker.py): the request fails with the right
 * cause, the worker is discarded rather than reused, and the next request gets a fresh one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedRecordsTest {

    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "bad-version, PROTOCOL_ERROR",
            "unknown-type, PROTOCOL_ERROR",
            "wrong-id, PROTOCOL_ERROR",
            "length-past-data, WORKER_DIED",
            "eof-before-end, WORKER_DIED"})
    void brokenAnswerFailsThatRequestAndDiscardsTheWorker(String mode, Failure expected) throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool(mode, 0).build());
        PoolHarness.waitUntil(java.time.Duration.ofSeconds(5), () -> pool.status().idleWorkers() == 1, () -> "worker up");
        long pid = harness.workerPids(pool).get(0);

        ProgramException failure = catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/x")));

        assertThat(failure).as("a broken answer is never a response").isNotNull();
        assertThat(failure.failure()).isEqualTo(expected);
        PoolHarness.waitUntil(java.time.Duration.ofSeconds(5), () -> !harness.workerPids(pool).contains(pid),
                () -> "the worker that sent a broken answer is replaced");
        PoolHarness.awaitGone(java.util.Set.of(pid));
        assertThat(pool.status().restarts()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cant-mpx", "overloaded"})
    void refusedRequestIsRetriedOnceThenOverloaded(String mode) throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool(mode, 0).build());

        ProgramException failure = catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/x")));

        assertThat(failure.failure()).isEqualTo(Failure.OVERLOADED);
        assertThat(pool.status().workers()).as("a refusal leaves the connection usable").hasSize(1)
                .allSatisfy(worker -> assertThat(worker.requestsServed()).as("tried, then retried").isEqualTo(2));
        assertThat(pool.status().restarts()).isZero();
    }

    @Test
    void refusedPostIsNotRetried() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool("overloaded", 0).build());

        ProgramException failure = catchThrowableOfType(ProgramException.class,
                () -> pool.execute(Requests.post("/x", "data")));

        assertThat(failure.failure()).isEqualTo(Failure.OVERLOADED);
        assertThat(pool.status().workers().get(0).requestsServed()).isEqualTo(1);
    }
}
