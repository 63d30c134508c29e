package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.settings.Accelerator;

/**
 * The process manager for CGI: timeouts kill whole trees, nothing a script starts outlives its
 * request or the pool, slots are bounded, kernel limits apply.
 */
class CgiProcessLimitsTest extends RealScriptTest {


    @TempDir
    Path dir;
    CgiPool pool;

    @BeforeEach
    void scripts() {
        root = TestPool.copyScripts(dir);
        config.environment = Map.of("PIDDIR", dir.toString());
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    private CgiPool pool() {
        pool = config.open(root, executors);
        return pool;
    }

    private static ProgramRequest get(String script, String query) {
        return ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).queryString(query).build();
    }

    private static Failure failureOf(ThrowingCall call) {
        Throwable thrown = catchThrowable(call::run);
        if (thrown instanceof ExecutionException e) {
            thrown = e.getCause();
        }
        assertThat(thrown).isInstanceOf(ProgramException.class);
        return ((ProgramException) thrown).failure();
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void timeoutKillsTheScriptAndTheChildItForkedAndAnswers504() throws Exception {
        config.requestTimeout = Duration.ofSeconds(1);
        long start = System.nanoTime();
        assertThat(failureOf(() -> pool().execute(get("fork.sh", "hang-timeout")))).isEqualTo(Failure.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        long child = pidFrom("hang-timeout");
        assertGone(child);
        assertThat(pool.status().failures().timeout()).isEqualTo(1);
    }

    @Test
    void eachScriptLeadsASessionOfItsOwnByDefault() throws Exception {
        String[] pidAndSession = pool().execute(get("session.sh", "")).bodyText().trim().split(" ");

        assertThat(pidAndSession[1]).isEqualTo(pidAndSession[0]);
    }

    @Test
    void withoutItsOwnSessionAScriptStaysInTheServersSession() throws Exception {
        assumeTrue(config.accelerator == Accelerator.NONE, "a launcher's children always lead a session of their own");
        config.ownSession = false;

        String[] pidAndSession = pool().execute(get("session.sh", "")).bodyText().trim().split(" ");

        assertThat(pidAndSession[1]).isNotEqualTo(pidAndSession[0]).isEqualTo(sessionOf("self"));
    }

    @Test
    void withAnAcceleratorEveryScriptLeadsASessionOfItsOwnAtNoCost() throws Exception {
        assumeTrue(config.accelerator != Accelerator.NONE, "without an accelerator, ownSession decides");
        config.ownSession = false;

        String[] pidAndSession = pool().execute(get("session.sh", "")).bodyText().trim().split(" ");

        assertThat(pidAndSession[1]).isEqualTo(pidAndSession[0]);
    }

    @Test
    void withoutItsOwnSessionATimeoutStillKillsTheScriptAndTheChildUnderIt() throws Exception {
        config.ownSession = false;
        config.requestTimeout = Duration.ofSeconds(1);

        assertThat(failureOf(() -> pool().execute(get("fork.sh", "hang-shared")))).isEqualTo(Failure.TIMEOUT);

        assertGone(pidFrom("hang-shared"));
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private static String sessionOf(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
    }

    @Test
    void aScriptInFlightFinishesWithinTheDrainTimeWhenThePoolStops() throws Exception {
        config.drainTimeout = Duration.ofSeconds(8);
        CgiPool cgi = pool();
        CompletableFuture<ProgramResponse> napping = CompletableFuture.supplyAsync(() -> call(cgi, get("nap.sh", "1")));
        waitUntil(() -> scriptsInFlight(cgi).size() == 1);

        long start = System.nanoTime();
        cgi.close();

        assertThat(napping.get(10, TimeUnit.SECONDS).bodyText()).isEqualTo("rested\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close waited for it, not for the whole drain")
                .isBetween(Duration.ofMillis(500), Duration.ofSeconds(6));
    }

    @Test
    void aChildLeftBehindByAFinishedScriptIsKilled() throws Exception {
        ProgramResponse response = pool().execute(get("fork.sh", "finished"));
        assertThat(response.bodyText()).isEqualTo("done\n");
        assertGone(pidFrom("finished"));
    }

    @Test
    void busySlotsMeanABoundedWaitThen503CountedInTheStatistics() throws Exception {
        config.maxWorkers = 1;
        config.borrowTimeout = Duration.ofMillis(300);
        config.requestTimeout = Duration.ofSeconds(3);
        CgiPool cgi = pool();
        CompletableFuture<ProgramResponse> occupying = CompletableFuture.supplyAsync(() -> call(cgi, get("fork.sh", "hang-slot")));
        // started, not just admitted (a pool's launcher is listed too, idle)
        waitUntil(() -> scriptsInFlight(cgi).size() == 1);

        PoolStatus busy = cgi.status();
        assertThat(busy.activeWorkers()).isEqualTo(1);
        assertThat(scriptsInFlight(cgi)).singleElement().satisfies(worker -> {
            assertThat(worker.state()).isEqualTo(WorkerStatus.State.BUSY);
            assertThat(worker.requestUri()).isEqualTo("/cgi-bin/fork.sh?hang-slot");
            assertThat(ProcessHandle.of(worker.pid())).isPresent();
        });
        long start = System.nanoTime();
        assertThat(failureOf(() -> cgi.execute(get("hello.sh", "")))).isEqualTo(Failure.OVERLOADED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));

        assertThat(failureOf(() -> occupying.get(10, TimeUnit.SECONDS))).isEqualTo(Failure.TIMEOUT);
        PoolStatus after = cgi.status();
        assertThat(after.maxReachedCount()).isEqualTo(1);
        assertThat(after.failures().overloaded()).isEqualTo(1);
        assertThat(after.failures().timeout()).isEqualTo(1);
        assertThat(after.acceptedRequests()).isEqualTo(2);
        assertThat(after.maxActiveWorkers()).isEqualTo(1);
        assertThat(after.workers()).noneMatch(w -> w.state() == WorkerStatus.State.BUSY);
        assertThat(cgi.execute(get("hello.sh", "")).status()).isEqualTo(200); // the slot came back
    }

    @Test
    void closingThePoolKillsScriptsInFlightAndTheirChildren() throws Exception {
        config.requestTimeout = Duration.ofSeconds(30);
        CgiPool cgi = pool();
        CompletableFuture<ProgramResponse> inFlight = CompletableFuture.supplyAsync(() -> call(cgi, get("fork.sh", "hang-close")));
        waitUntil(() -> Files.exists(dir.resolve("hang-close.pid")));
        long scriptPid = scriptsInFlight(cgi).get(0).pid();

        cgi.close();
        assertThat(failureOf(() -> inFlight.get(10, TimeUnit.SECONDS))).isEqualTo(Failure.UNAVAILABLE);
        assertGone(scriptPid);
        assertGone(pidFrom("hang-close"));
        assertThat(failureOf(() -> cgi.execute(get("hello.sh", "")))).isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void aScriptThatWritesBeforeReadingDoesNotDeadlock() throws Exception {
        byte[] body = new byte[1024 * 1024];
        ProgramResponse response = pool().execute(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/bigio.sh").body(body).build());
        assertThat(response.body()).hasSize(1024 * 1024);
    }

    @Test
    void prlimitLimitsAreAppliedToTheScript() throws Exception {
        config.cpuSeconds = 7;
        config.addressSpaceBytes = 1L << 30;
        config.maxProcesses = 4000;
        String limits = pool().execute(get("limits.sh", "")).bodyText();
        assertThat(limits).containsPattern("Max cpu time\\s+7\\s+7\\s+seconds")
                .containsPattern("Max address space\\s+1073741824\\s+1073741824\\s+bytes");
        // the process cap: the pool's pids cgroup where the server may make one, else RLIMIT_NPROC
        Matcher group = Pattern.compile("(?m)^\\d+:pids:(/procgate-\\d+/test)$").matcher(limits);
        if (group.find()) {
            assertThat(Files.readString(Path.of("/sys/fs/cgroup/pids" + group.group(1), "pids.max")).strip()).isEqualTo("4000");
        } else {
            assertThat(limits).containsPattern("Max processes\\s+4000\\s+4000\\s+processes");
        }
    }

    @Test
    void withoutLimitsNoPrlimitIsUsed() throws Exception {
        String limits = pool().execute(get("limits.sh", "")).bodyText();
        assertThat(limits).doesNotContainPattern("Max cpu time\\s+7\\s");
        assertThat(new ResourceLimits(0, 0, 0).prefix()).isEmpty();
        assertThat(new ResourceLimits(1, 0, 0).prefix(Path.of("/nonexistent/prlimit"))).isEmpty();
    }

    @Test
    void cpuLimitStopsASpinningScriptLongBeforeTheTimeout() {
        config.cpuSeconds = 1;
        config.requestTimeout = Duration.ofSeconds(20);
        long start = System.nanoTime();
        Failure failure = failureOf(() -> pool().execute(get("spin.sh", "")));
        assertThat(failure).isIn(Failure.WORKER_DIED, Failure.PROTOCOL_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void addressSpaceLimitMakesAGreedyScriptFail() throws Exception {
        assertThat(pool().execute(get("alloc.py", "")).bodyText()).isEqualTo("allocated\n");
        pool.close();
        config.addressSpaceBytes = 256L * 1024 * 1024;
        config.debug = true;
        ProgramResponse page = pool().execute(get("alloc.py", ""));
        assertThat(page.status()).isEqualTo(502);
        assertThat(page.bodyText()).contains("MemoryError");
    }

    private ProgramResponse call(CgiPool cgi, ProgramRequest request) {
        try {
            return cgi.execute(request);
        } catch (ProgramException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private long pidFrom(String name) throws Exception {
        Path file = dir.resolve(name + ".pid");
        waitUntil(() -> Files.exists(file));
        return Long.parseLong(Files.readString(file).trim());
    }

    /** Gone: no such process, or a zombie waiting for init to reap it (it no longer runs). */
    /** The pool's status lists its scripts in flight as busy workers (and a launcher, if it has one, as idle). */
    static List<WorkerStatus> scriptsInFlight(CgiPool cgi) {
        return cgi.status().workers().stream().filter(w -> w.state() == WorkerStatus.State.BUSY).toList();
    }

    static void assertGone(long pid) throws Exception {
        waitUntil(() -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (NoSuchFileException e) {
                return true;
            } catch (IOException e) {
                return true;
            }
        });
    }

    static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
