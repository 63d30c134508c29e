package org.procgate.connector.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.LogCapture;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;

/**
 * What every third-party FastCGI program must get right through a real {@link FastCgiPool}:
 * 10 MB each way intact, STDERR mixed into STDOUT, several requests on one kept-alive
 * connection, and a prompt start whether or not it answers FCGI_GET_VALUES. Each peer's
 * subclass says how to start it and which of its pages do what.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class PeerContract {

    static final int TEN_MB = 10 * 1024 * 1024;
    /** A worker that ignores FCGI_GET_VALUES costs its start 0.5 s; spawning adds the rest. */
    static final Duration PROMPT_START = Duration.ofMillis(2500);

    PoolHarness harness;
    LogCapture log;

    /** One worker of this peer, static. */
    abstract PoolSettingsBuilder pool(String name);

    private final String echoPage;
    private final String stderrPage;
    private final String pidPage;

    /**
     * @param echoPage   a page that echoes the request body
     * @param stderrPage a page that writes stderr between pieces of its body
     * @param pidPage    a page whose body shows the worker's process id
     */
    PeerContract(String echoPage, String stderrPage, String pidPage) {
        this.echoPage = echoPage;
        this.stderrPage = stderrPage;
        this.pidPage = pidPage;
    }

    /** The body the stderr page sends. */
    abstract byte[] stderrPageBody();

    /** A line the STDERR page writes, as FCGI_STDERR or to the process's own stderr. */
    abstract List<String> stderrMarkers();

    /** What the peer answers to FCGI_GET_VALUES for the limits procgate asks about (empty: it ignores it). */
    abstract Map<String, String> expectedValues();

    @BeforeEach
    void openHarness() {
        harness = new PoolHarness();
        log = new LogCapture();
    }

    @AfterEach
    void closeHarness() throws Exception {
        try {
            harness.close();
        } finally {
            log.close();
        }
    }

    @Test
    void tenMegabytesEachWayArriveIntact() throws Exception {
        FastCgiPool pool = harness.open(pool("echo").build());
        byte[] body = Requests.pseudoRandomBytes(TEN_MB, 42);

        ProgramResponse response = pool.execute(Requests.post(echoPage, body));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().length).isEqualTo(TEN_MB);
        assertThat(Requests.sha256(response.body())).isEqualTo(Requests.sha256(body));
    }

    @Test
    void stderrBetweenStdoutLeavesTheBodyIntactAndGoesToTheLog() throws Exception {
        FastCgiPool pool = harness.open(pool("stderr").build());

        ProgramResponse response = pool.execute(Requests.get(stderrPage));

        assertThat(Requests.sha256(response.body())).isEqualTo(Requests.sha256(stderrPageBody()));
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("marker");
        harness.close(); // a process's own stderr is logged when the process ends
        assertThat(log.text()).contains(stderrMarkers());
    }

    @Test
    void servesManyRequestsOnOneKeptAliveWorker() throws Exception {
        FastCgiPool pool = harness.open(pool("keep").build());
        long pid = 0;
        for (int i = 1; i <= 5; i++) {
            ProgramResponse response = pool.execute(Requests.get(pidPage));
            List<WorkerStatus> workers = pool.status().workers();
            assertThat(workers).hasSize(1);
            pid = i == 1 ? workers.get(0).pid() : pid;
            assertThat(workers.get(0).pid()).as("the same process serves every request").isEqualTo(pid);
            assertThat(workers.get(0).requestsServed()).isEqualTo(i);
            assertThat(response.bodyText()).contains(Long.toString(pid));
        }
        assertThat(pool.status().restarts()).isZero();
    }

    @Test
    void startsPromptlyAndRecordsItsAnswerToGetValues() throws Exception {
        long start = System.nanoTime();
        FastCgiPool pool = harness.open(pool("values").build());
        PoolHarness.waitUntil(PROMPT_START, () -> pool.status().idleWorkers() == 1,
                () -> "worker not ready within " + PROMPT_START.toMillis() + " ms");
        long millis = (System.nanoTime() - start) / 1_000_000;

        List<Map<String, String>> values = PoolHarness.valuesOf(pool);
        System.out.printf("%s: worker ready after %d ms, FCGI_GET_VALUES answer %s%n", getClass().getSimpleName(),
                millis, values);
        assertThat(values).containsExactly(expectedValues());
    }
}
