package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.GeneratedBody;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;
import org.procgate.connector.settings.Accelerator;
import org.procgate.connector.settings.StreamingSettings;

/**
 * CGI scripts stream both ways, in a JVM whose heap (256 MB) could not hold what passes: a
 * script's output reaches the caller as it writes it, its stdin gets the body as it arrives, and
 * a caller that leaves ends the script's whole process tree.
 */
class CgiStreamingTest extends RealScriptTest {

    private CgiPool pool(boolean buffering) {
        config.maxResponseBytes = 0;
        config.maxRequestBodyBytes = 0;
        config.requestTimeout = Duration.ofSeconds(60);
        config.streaming = new StreamingSettings(buffering, 256 * 1024, 64L << 20, false);
        return config.open(root, executors);
    }

    private static ProgramRequest get(String script, String query) {
        return ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).queryString(query).build();
    }

    /**
     * The answer is complete at the script's end of output: the caller can end the response while
     * the script still runs; the call returns once it has exited, and the slot is free then.
     */
    @Test
    void theAnswerEndsAtTheScriptsEndOfOutputNotAtItsExit() throws Exception {
        Assumptions.assumeTrue(accelerator() == Accelerator.NONE, "a forked script's stdin and stdout are one socket,"
                + " so closing its stdout alone ends nothing: its answer ends at its exit (a Python script's at its end)");
        for (boolean buffering : new boolean[] {false, true}) {
            RecordingSink sink = new RecordingSink();
            long start = System.nanoTime();
            try (CgiPool pool = pool(buffering)) {
                pool.execute(get("linger.sh", "1"), sink);
                long returned = System.nanoTime();
                assertThat(sink.text()).isEqualTo("answered\n");
                assertThat(sink.endNanos()).as("buffering " + buffering + ": the answer was ended").isPositive();
                assertThat(TimeUnit.NANOSECONDS.toMillis(sink.endNanos() - start)).as("ended before the exit").isLessThan(700);
                assertThat(TimeUnit.NANOSECONDS.toMillis(returned - start)).as("returned after the exit").isGreaterThanOrEqualTo(900);
                assertThat(pool.status().activeWorkers()).isZero();
            }
        }
    }

    @Test
    void aGigabyteAnswerPassesThroughWhole() throws Exception {
        long size = 1L << 30;
        for (boolean buffering : new boolean[] {false, true}) {
            RecordingSink sink = new RecordingSink();
            try (CgiPool pool = pool(buffering)) {
                pool.execute(get("download.sh", Long.toString(size)), sink);
            }
            assertThat(sink.bytes()).as("buffering " + buffering).isEqualTo(size);
            assertThat(sink.sha256()).isEqualTo(zerosSha256(size));
        }
    }

    @Test
    void aChunkedUploadReachesTheScriptWhole() throws Exception {
        GeneratedBody upload = new GeneratedBody(200L << 20, 11);
        RecordingSink sink = new RecordingSink();
        try (CgiPool pool = pool(false)) {
            pool.execute(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/digest.sh")
                    .body(RequestBody.of(upload, -1)).build(), sink);
        }
        assertThat(sink.text().trim()).isEqualTo(upload.sha256());
    }

    @Test
    void linesReachTheCallerAsTheScriptWritesThem() throws Exception {
        RecordingSink sink = new RecordingSink();
        long start = System.nanoTime();
        try (CgiPool pool = pool(false)) {
            pool.execute(get("lines.sh", "5"), sink);
        }
        assertThat(sink.text()).isEqualTo("line 0\nline 1\nline 2\nline 3\nline 4\n");
        assertThat(sink.flushNanos()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(TimeUnit.NANOSECONDS.toMillis(sink.flushNanos().get(0) - start)).isLessThan(600);
    }

    @Test
    void aCallerThatLeavesEndsTheScriptWithinASecond() throws Exception {
        try (CgiPool pool = pool(false)) {
            RecordingSink leaving = new RecordingSink().failAfter(20);
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> run(pool, get("lines.sh", "100"), leaving));
            PoolHarness.waitUntil(Duration.ofSeconds(10), () -> pool.status().workers().stream().anyMatch(w -> w.state() == WorkerStatus.State.BUSY), () -> "no script started");
            List<Long> pids = pool.status().workers().stream().filter(w -> w.state() == WorkerStatus.State.BUSY)
                    .map(WorkerStatus::pid).toList();
            long left = System.nanoTime();
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ProgramException.class,
                    e -> assertThat(e.failure()).isEqualTo(Failure.CLIENT_ABORTED));
            PoolHarness.awaitGone(java.util.Set.copyOf(pids));
            assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofSeconds(2));
            assertThat(pool.status().failures().clientAborted()).isEqualTo(1);
        }
    }

    @Test
    void aChunkedBodyOverTheCapIs413AndTheScriptIsStopped() {
        config.maxRequestBodyBytes = 1 << 20;
        config.streaming = new StreamingSettings(false, 256 * 1024, 0, false);
        try (CgiPool pool = config.open(root, executors)) {
            RecordingSink sink = new RecordingSink();
            assertThatThrownBy(() -> pool.execute(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/digest.sh")
                    .body(RequestBody.of(new GeneratedBody(16 << 20, 1), -1)).build(), sink))
                    .isInstanceOfSatisfying(ProgramException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.REQUEST_TOO_LARGE));
            assertThat(sink.status()).isZero();
        }
    }

    @Test
    void aBodyShorterThanItsLengthNeverReachesTheScriptAsComplete() {
        try (CgiPool pool = pool(false)) {
            for (long declared : new long[] {1000, 1 << 20}) {
                RecordingSink sink = new RecordingSink();
                assertThatThrownBy(() -> pool.execute(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/digest.sh")
                        .body(RequestBody.of(new GeneratedBody(declared, 3, declared / 2), declared)).build(), sink))
                        .isInstanceOfSatisfying(ProgramException.class,
                                e -> assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST));
                assertThat(sink.status()).as("the script never answered a digest of half a body").isZero();
            }
        }
    }

    private static void run(CgiPool pool, ProgramRequest request, RecordingSink sink) {
        try {
            pool.execute(request, sink);
        } catch (ProgramException e) {
            throw new CompletionException(e);
        }
    }

    private static String zerosSha256(long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        for (long left = size; left > 0; left -= block.length) {
            digest.update(block, 0, (int) Math.min(left, block.length));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
