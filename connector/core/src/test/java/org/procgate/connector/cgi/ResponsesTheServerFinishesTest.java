package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.settings.StreamingSettings;

/**
 * Real scripts whose answers the server finishes for them: a file handed over with X-Sendfile or
 * X-Accel-Redirect reaches the caller once the script's slot is free, with the script's headers;
 * a bare local Location reaches the caller as a local redirect; without a sendfileRoot the offload
 * headers are dropped and the script's own answer passes. With and without response buffering.
 */
class ResponsesTheServerFinishesTest extends RealScriptTest {

    static Path files;

    @BeforeAll
    static void offloadRoot() throws IOException {
        files = TestPrograms.shareWithPrograms(Files.createDirectories(classDir.resolve("files")));
        Files.writeString(files.resolve("report.txt"), "0123456789".repeat(10_000));
    }

    private CgiPool pool(boolean buffering, Path sendfileRoot) {
        config.streaming = new StreamingSettings(buffering, 256 * 1024, 64L << 20, false, sendfileRoot);
        return config.open(root, executors);
    }

    private static ProgramRequest get(String script, String query) {
        return ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).queryString(query).build();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOffloadedFileGoesOutOnceTheScriptsSlotIsFree(boolean buffering) throws Exception {
        for (String query : List.of("X-Sendfile&report.txt", "X-Accel-Redirect&/report.txt?attachment=1")) {
            AtomicInteger activeWhenSent = new AtomicInteger(-1);
            RecordingSink sink = new RecordingSink();
            try (CgiPool pool = pool(buffering, files)) {
                sink.onFile(() -> activeWhenSent.set(pool.status().activeWorkers()));
                pool.execute(get("offload.sh", query), sink);
                assertThat(sink.status()).isEqualTo(200);
                assertThat(sink.text()).startsWith("0123456789").doesNotContain("never sent");
                assertThat(sink.bytes()).isEqualTo(100_000);
                assertThat(sink.header("Content-Length")).isEqualTo("100000");
            }
            assertThat(activeWhenSent.get()).as(query + ": busy scripts when the file went out").isZero();
            assertThat(sink.fileHeaders()).as(query).containsExactly(new Header("Content-Type", "text/plain"),
                    new Header("Content-Disposition", "attachment; filename=\"report.txt\""),
                    new Header("Cache-Control", "max-age=60"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFileOutsideTheRootIsNotFoundAndNothingWasSent(boolean buffering) {
        RecordingSink sink = new RecordingSink();
        try (CgiPool pool = pool(buffering, files)) {
            assertThatThrownBy(() -> pool.execute(get("offload.sh", "X-Sendfile&../cgi-bin/hello.sh"), sink))
                    .isInstanceOfSatisfying(ProgramException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST));
            assertThatThrownBy(() -> pool.execute(get("offload.sh", "X-Accel-Redirect&/missing.txt"), sink))
                    .isInstanceOfSatisfying(ProgramException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
        }
        assertThat(sink.status()).as("no answer started").isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withoutASendfileRootTheHeadersAreDroppedAndTheScriptsAnswerPasses(boolean buffering) throws Exception {
        RecordingSink sink = new RecordingSink();
        try (CgiPool pool = pool(buffering, null)) {
            pool.execute(get("offload.sh", "X-Sendfile&report.txt"), sink);
        }
        assertThat(sink.status()).isEqualTo(200);
        assertThat(sink.header("X-Sendfile")).isNull();
        assertThat(sink.header("Content-Disposition")).isNotNull();
        assertThat(sink.text()).isEqualTo("the program body, never sent");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBareLocalLocationReachesTheCallerAsALocalRedirect(boolean buffering) throws Exception {
        RecordingSink sink = new RecordingSink();
        try (CgiPool pool = pool(buffering, null)) {
            pool.execute(get("local-redirect.sh", "/cgi-bin/hello.sh?x=1"), sink);
        }
        assertThat(sink.localRedirect()).isEqualTo("/cgi-bin/hello.sh?x=1");
        assertThat(sink.status()).as("no head").isZero();
    }
}
