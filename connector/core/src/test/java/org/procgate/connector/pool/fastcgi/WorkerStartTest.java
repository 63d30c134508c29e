package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.pool.CrashLoopGuard;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.ProcessManager;

/** Starting workers: a missing or crashing program fails fast and recovers; a silent handshake costs little. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class WorkerStartTest {

    /** Far longer than any fast failure may take. */
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(5);
    private final PoolHarness harness = new PoolHarness();

    @TempDir
    Path directory;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void missingScriptFailsFastBacksOffReportsFailedAndRecoversWhenItAppears() throws Exception {
        Path script = TestPrograms.shareWithPrograms(directory).resolve("worker.py");
        FastCgiPool pool = harness.open(PoolSettingsBuilder.fastcgi("missing",
                        List.of(TestPrograms.PYTHON, script.toString(), "--bind", "{socket}"))
                .env("PYTHONPATH", TestPrograms.responderLibrary()).processManager(ProcessManager.ONDEMAND)
                .borrowTimeout(BORROW_TIMEOUT).build());

        for (int attempt = 0; attempt <= CrashLoopGuard.FREE_FAILURES; attempt++) {
            ProgramException failure = timedFailure(pool, Duration.ofMillis(1500));
            assertThat(failure.getMessage()).contains("exited at start");
        }
        ProgramException throttled = timedFailure(pool, Duration.ofMillis(200));
        assertThat(throttled.getMessage()).contains("next attempt in");
        PoolStatus status = pool.status();
        assertThat(status.state()).isEqualTo(PoolStatus.State.FAILED);
        assertThat(status.stateReason()).contains("exited at start");

        Files.copy(TestPrograms.programs().resolve("test_app.py"), script);

        PoolHarness.waitUntil(Duration.ofSeconds(10), () -> succeeds(pool), () -> "the pool recovers");
        assertThat(pool.status().state()).isEqualTo(PoolStatus.State.RUNNING);
    }

    @Test
    void missingBinaryFailsFastWithItsName() throws Exception {
        FastCgiPool pool = harness.open(PoolSettingsBuilder.fastcgi("no-binary", List.of("/nonexistent/worker", "{socket}"))
                .processManager(ProcessManager.ONDEMAND).borrowTimeout(BORROW_TIMEOUT).build());

        ProgramException failure = timedFailure(pool, Duration.ofMillis(1500));

        assertThat(failure.getMessage()).contains("/nonexistent/worker");
    }

    @Test
    void workerIgnoringGetValuesStartsWithinHalfASecondMore() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.rawWorkerPool("ignore-values", 0)
                .processManager(ProcessManager.ONDEMAND).build());
        long start = System.nanoTime();

        assertThat(pool.execute(Requests.get("/x")).bodyText()).contains("conn=2");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
        assertThat(PoolHarness.valuesOf(pool)).containsExactly(Map.of());
    }

    private static ProgramException timedFailure(FastCgiPool pool, Duration within) {
        long start = System.nanoTime();
        ProgramException failure = catchThrowableOfType(ProgramException.class, () -> pool.execute(Requests.get("/pid")));
        assertThat(failure).isNotNull();
        assertThat(failure.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(failure.getMessage()).isLessThan(within);
        return failure;
    }

    private static boolean succeeds(FastCgiPool pool) {
        try {
            return pool.execute(Requests.get("/pid")).status() == 200;
        } catch (ProgramException e) {
            return false;
        }
    }
}
