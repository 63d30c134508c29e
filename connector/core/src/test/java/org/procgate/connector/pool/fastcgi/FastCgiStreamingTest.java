package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.pool.GeneratedBody;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.StreamingSettings;

/**
 * Answers and request bodies stream through a FastCGI pool of real worker processes (the
 * project's Python responder), in a JVM whose heap (256 MB, see the module's pom) could not
 * hold them: output reaches the caller as the program writes it, a caller that leaves stops the
 * program, and a buffered pool lets a slow caller go on without its worker.
 */
class FastCgiStreamingTest {

    private static final long GIGABYTE = 1L << 30;
    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void stopEverything() throws InterruptedException {
        harness.close();
    }

    private FastCgiPool pool(boolean buffering) throws ProgramException {
        return harness.open(TestPrograms.testAppPool(buffering ? "buffered" : "passthrough")
                .maxResponseBytes(0).maxRequestBodyBytes(0).requestTimeout(Duration.ofSeconds(60))
                .streaming(new StreamingSettings(buffering, 256 * 1024, 64L << 20, false)).build());
    }

    @Test
    void aGigabyteAnswerPassesThroughWhole() throws Exception {
        RecordingSink sink = new RecordingSink();
        pool(false).execute(Requests.get("/download", "n=" + GIGABYTE), sink);
        assertThat(sink.status()).isEqualTo(200);
        assertThat(sink.bytes()).isEqualTo(GIGABYTE);
        assertThat(sink.sha256()).isEqualTo(Requests.patternSha256(GIGABYTE));
    }

    @Test
    void aBufferedAnswerLargerThanItsTemporaryFileStillArrivesWhole() throws Exception {
        RecordingSink sink = new RecordingSink();
        long size = 300L << 20; // past the 64 MB file cap: the program then waits for the caller
        pool(true).execute(Requests.get("/download", "n=" + size), sink);
        assertThat(sink.bytes()).isEqualTo(size);
        assertThat(sink.sha256()).isEqualTo(Requests.patternSha256(size));
    }

    @Test
    void aChunkedUploadOfHundredsOfMegabytesReachesTheProgramWhole() throws Exception {
        GeneratedBody upload = new GeneratedBody(200L << 20, 7);
        RecordingSink sink = new RecordingSink();
        pool(false).execute(ProgramRequest.builder("POST", "").pathInfo("/upload-digest")
                .body(RequestBody.of(upload, -1)).build(), sink);
        assertThat(sink.text()).isEqualTo((200L << 20) + " " + upload.sha256());
    }

    @Test
    void linesReachTheCallerAsTheProgramWritesThem() throws Exception {
        for (boolean buffering : new boolean[] {false, true}) {
            RecordingSink sink = new RecordingSink();
            long start = System.nanoTime();
            pool(buffering).execute(Requests.get("/lines", "n=5&ms=300"), sink);
            long end = System.nanoTime();
            assertThat(sink.text()).isEqualTo("line 0\nline 1\nline 2\nline 3\nline 4\n");
            assertThat(sink.flushNanos()).as("buffering " + buffering).hasSizeGreaterThanOrEqualTo(4);
            // the first line was passed on long before the program ended
            assertThat(TimeUnit.NANOSECONDS.toMillis(end - sink.flushNanos().get(0))).isGreaterThan(900);
            assertThat(TimeUnit.NANOSECONDS.toMillis(sink.flushNanos().get(0) - start)).isLessThan(1000);
        }
    }

    @Test
    void aCallerThatLeavesAbortsTheRequestAndTheWorkerServesAgain() throws Exception {
        FastCgiPool pool = pool(false);
        RecordingSink leaving = new RecordingSink().failAfter(10);
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.execute(Requests.get("/lines", "n=200&ms=100"), leaving))
                .isInstanceOfSatisfying(ProgramException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CLIENT_ABORTED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(pool.status().failures().clientAborted()).isEqualTo(1);

        RecordingSink next = new RecordingSink();
        pool.execute(Requests.get("/pid"), next);
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void aPoolThatIgnoresClientAbortsLetsTheProgramFinishOnTheSameWorker() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("finishing")
                .streaming(new StreamingSettings(false, 256 * 1024, 0, true)).build());
        RecordingSink first = new RecordingSink();
        pool.execute(Requests.get("/pid"), first);
        RecordingSink leaving = new RecordingSink().failAfter(5);
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.execute(Requests.get("/lines", "n=12&ms=150"), leaving))
                .isInstanceOfSatisfying(ProgramException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CLIENT_ABORTED));
        // the program wrote its twelve lines (1.8 s) before the call ended, past the 1 s abort grace
        // that would have replaced its worker, and the worker was kept
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
        RecordingSink next = new RecordingSink();
        pool.execute(Requests.get("/pid"), next);
        assertThat(next.text()).isEqualTo(first.text());
    }

    @Test
    void aChunkedBodyOverTheCapIs413AndNoAnswerStarted() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("capped").maxRequestBodyBytes(1 << 20).build());
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> pool.execute(ProgramRequest.builder("POST", "").pathInfo("/upload-digest")
                .body(RequestBody.of(new GeneratedBody(8 << 20, 1), -1)).build(), sink))
                .isInstanceOfSatisfying(ProgramException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.REQUEST_TOO_LARGE));
        assertThat(sink.status()).isZero();
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsRead() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("declared").maxRequestBodyBytes(1 << 20).build());
        GeneratedBody body = new GeneratedBody(2 << 20, 1);
        assertThatThrownBy(() -> pool.execute(ProgramRequest.builder("POST", "").pathInfo("/upload-digest")
                .body(RequestBody.of(body, 2 << 20)).build(), new RecordingSink()))
                .isInstanceOfSatisfying(ProgramException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.REQUEST_TOO_LARGE));
        assertThat(body.read(new byte[1], 0, 1)).as("the first byte is still unread").isOne();
    }

    @Test
    void aBodyShorterThanItsLengthNeverReachesTheProgramAsComplete() throws Exception {
        FastCgiPool pool = pool(false);
        for (long declared : new long[] {1000, 1 << 20}) { // sent inline, and streamed
            RecordingSink sink = new RecordingSink();
            assertThatThrownBy(() -> pool.execute(ProgramRequest.builder("POST", "").pathInfo("/upload-digest")
                    .body(RequestBody.of(new GeneratedBody(declared, 3, declared / 3), declared)).build(), sink))
                    .isInstanceOfSatisfying(ProgramException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST));
            assertThat(sink.status()).isZero();
        }
        RecordingSink next = new RecordingSink();
        pool.execute(Requests.get("/pid"), next);
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void aSlowCallerDoesNotHoldTheWorkerOfABufferedPool() throws Exception {
        FastCgiPool pool = pool(true);
        long size = 8L << 20;
        // 50 ms per write: well behind the program, which spills to the file after 20 ms of waiting
        RecordingSink slow = new RecordingSink().pausePerWrite(50);
        CompletableFuture<Void> download = CompletableFuture.runAsync(() -> run(pool, Requests.get("/download", "n=" + size), slow));
        PoolHarness.waitUntil(Duration.ofSeconds(20), () -> slow.bytes() > 0 && pool.status().activeWorkers() == 0,
                () -> "the worker stayed busy while the caller was slow");
        assertThat(slow.bytes()).as("released before the caller had it all").isLessThan(size);
        download.get(60, TimeUnit.SECONDS);
        assertThat(slow.sha256()).isEqualTo(Requests.patternSha256(size));
    }

    @Test
    void aSlowCallerHoldsTheWorkerOfAPassThroughPool() throws Exception {
        FastCgiPool pool = pool(false);
        long size = 16L << 20;
        RecordingSink slow = new RecordingSink().pausePerWrite(5);
        CompletableFuture<Void> download = CompletableFuture.runAsync(() -> run(pool, Requests.get("/download", "n=" + size), slow));
        PoolHarness.waitUntil(Duration.ofSeconds(20), () -> slow.bytes() > 4 << 20, () -> "no answer arrived");
        assertThat(pool.status().activeWorkers()).isOne();
        download.get(60, TimeUnit.SECONDS);
        assertThat(slow.bytes()).isEqualTo(size);
    }

    @Test
    void aProgramsOwnErrorAnswerPassesUnchanged() throws Exception {
        RecordingSink sink = new RecordingSink();
        pool(false).execute(Requests.get("/status", "code=500"), sink);
        assertThat(sink.status()).isEqualTo(500);
        assertThat(sink.bytes()).isZero();
    }

    @Test
    void aWorkerThatDiesMidAnswerFailsTheCallAfterTheAnswerStarted() throws Exception {
        FastCgiPool pool = pool(false);
        RecordingSink first = new RecordingSink();
        pool.execute(Requests.get("/pid"), first);
        long pid = Long.parseLong(first.text());
        harness.remember(pid);
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> run(pool, Requests.get("/lines", "n=100&ms=50"), sink));
        PoolHarness.waitUntil(Duration.ofSeconds(10), () -> sink.bytes() > 0, () -> "no line arrived");
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProgramException.class)
                .cause().satisfies(e -> assertThat(((ProgramException) e).failure()).isEqualTo(Failure.WORKER_DIED));
        assertThat(sink.status()).as("the answer had started").isEqualTo(200);
    }

    private static void run(FastCgiPool pool, ProgramRequest request, RecordingSink sink) {
        try {
            pool.execute(request, sink);
        } catch (ProgramException e) {
            throw new CompletionException(e);
        }
    }
}
