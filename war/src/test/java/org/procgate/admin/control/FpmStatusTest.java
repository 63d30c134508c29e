package org.procgate.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.WorkerStatus;

/**
 * procgate's PHP-FPM-style status against the reference: a real PHP-FPM 8.2 (Debian's
 * {@code php8.2-fpm}) with {@code pm.status_path}, asked through {@code cgi-fcgi} for each format.
 * The same field names in the same order, the same layout and value types, the same metric names
 * and types: what reads PHP-FPM's status page reads procgate's.
 */
class FpmStatusTest {

    private static final Path PHP_FPM = Path.of("/usr/sbin/php-fpm8.2");
    private static final Path CGI_FCGI = Path.of("/usr/bin/cgi-fcgi");
    private static final Jsonb JSON = JsonbBuilder.create();

    @TempDir
    static Path dir;
    private static Process fpm;

    @BeforeAll
    static void startPhpFpm() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PHP_FPM) && Files.isExecutable(CGI_FCGI),
                "needs php8.2-fpm and libfcgi-bin (./procgate test installs them)");
        Files.writeString(dir.resolve("fpm.conf"), """
                [global]
                error_log = %1$s/error.log
                daemonize = no
                [www]
                listen = %1$s/fpm.sock
                pm = static
                pm.max_children = 2
                pm.status_path = /status
                user = nobody
                group = nogroup
                """.formatted(dir));
        fpm = new ProcessBuilder(PHP_FPM.toString(), "-y", dir.resolve("fpm.conf").toString(), "-R", "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("fpm.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.exists(dir.resolve("fpm.sock")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(dir.resolve("fpm.sock")).as(Files.readString(dir.resolve("fpm.out"))).exists();
    }

    @AfterAll
    static void stopPhpFpm() throws InterruptedException {
        if (fpm != null) {
            fpm.destroy();
            fpm.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** PHP-FPM's status page for this query string, its headers cut off. */
    private static String phpFpm(String query) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(CGI_FCGI.toString(), "-bind", "-connect", dir.resolve("fpm.sock").toString());
        builder.environment().putAll(Map.of("SCRIPT_NAME", "/status", "SCRIPT_FILENAME", "/status",
                "REQUEST_METHOD", "GET", "QUERY_STRING", query));
        Process client = builder.start();
        String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static PoolStatus pool() {
        WorkerStatus worker = new WorkerStatus(4242, WorkerStatus.State.BUSY, Instant.now().minusSeconds(90), 17,
                "/procgate/fcgi/search/?q=x", 12, 20_971_520, "POST", 345, "/srv/app/index.php", "alice", 12_345, 3.14159);
        return new PoolStatus("search", "fastcgi", PoolStatus.State.RUNNING, "", 2, 4, Instant.now().minusSeconds(120), 1000,
                1, 9, 1, 1, 2, 4, 7, 3, new PoolStatus.FailureCounts(0, 0, 0, 0, 0, 0), 0, 1, 2,
                PrometheusExpositionTest.pool("x", PoolStatus.State.RUNNING).waitSeconds(),
                PrometheusExpositionTest.pool("x", PoolStatus.State.RUNNING).programSeconds(), false, List.of(), List.of(worker, worker));
    }

    private static String procgate(FpmStatus.Format format, boolean full) {
        return FpmStatus.of(pool(), format, full, Instant.now());
    }

    /** Each line's name and where its value starts, blank lines and separators as they are. */
    private static List<String> layout(String text) {
        List<String> layout = new ArrayList<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            layout.add(colon < 0 ? line : line.substring(0, colon) + "@" + (colon + 1 + (line.length() - colon - 1
                    - line.substring(colon + 1).stripLeading().length())));
        }
        return layout;
    }

    @Test
    void thePlainTextHasPhpFpmsFieldsInItsOrderAndLayout() throws Exception {
        assertThat(layout(procgate(FpmStatus.Format.TEXT, false))).isEqualTo(layout(phpFpm("")));
        List<String> full = layout(procgate(FpmStatus.Format.TEXT, true));
        List<String> reference = layout(phpFpm("full"));
        assertThat(full).isEqualTo(reference);
        assertThat(procgate(FpmStatus.Format.TEXT, true)).contains("state:                Running",
                "request method:       POST", "content length:       345", "user:                 alice",
                "script:               /srv/app/index.php", "last request cpu:     3.14", "last request memory:  20971520",
                "request duration:     12345");
    }

    @Test
    void theJsonHasPhpFpmsKeysInItsOrderWithTheSameTypes() throws Exception {
        Map<String, Object> ours = JSON.fromJson(procgate(FpmStatus.Format.JSON, true), Map.class);
        Map<String, Object> theirs = JSON.fromJson(phpFpm("json&full"), Map.class);
        assertThat(ours.keySet()).containsExactlyElementsOf(theirs.keySet());
        assertSameTypes(ours, theirs);
        Map<String, Object> ourProcess = first(ours);
        Map<String, Object> theirProcess = first(theirs);
        assertThat(ourProcess.keySet()).containsExactlyElementsOf(theirProcess.keySet());
        assertSameTypes(ourProcess, theirProcess);
        assertThat(JSON.fromJson(procgate(FpmStatus.Format.JSON, false), Map.class).keySet())
                .containsExactlyElementsOf(JSON.fromJson(phpFpm("json"), Map.class).keySet());
    }

    @Test
    void openMetricsHasPhpFpmsMetricsAndTypes() throws Exception {
        assertThat(declarations(procgate(FpmStatus.Format.OPENMETRICS, false))).isEqualTo(declarations(phpFpm("openmetrics")));
        assertThat(procgate(FpmStatus.Format.OPENMETRICS, false)).contains("phpfpm_accepted_connections 1000\n").endsWith("# EOF\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> status) {
        return ((List<Map<String, Object>>) status.get("processes")).get(0);
    }

    private static void assertSameTypes(Map<String, Object> ours, Map<String, Object> theirs) {
        theirs.forEach((key, value) -> assertThat(ours.get(key)).as(key).isInstanceOfAny(value.getClass()));
    }

    /** The metrics' names and types, in order. */
    private static List<String> declarations(String text) {
        return text.lines().filter(line -> line.startsWith("# TYPE ")).toList();
    }
}
