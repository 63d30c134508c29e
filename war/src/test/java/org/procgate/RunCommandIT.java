package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.proto.trace.v1.Span;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./procgate run} on the build under test ({@code --no-build}), on free ports, with its own run
 * directory and a copy of the pool definitions: a pool edited and a pool removed between two runs
 * are seen as they are now written, and "ready" is printed only once the application answers. A server
 * connection pool smaller than the procgate pool is warned about.
 */
class RunCommandIT {

    private static final Path TARGET = Path.of(System.getProperty("procgate.war")).getParent();
    private static final Path HOME = ProcgateRun.HOME;
    private static final Pattern ENV_POOL = Pattern.compile("(?<head><property name=\"poolName\" value=\"env\"/>(?s:.*?)"
            + "<property name=\"maxWorkers\" value=\")2(?<tail>\"/>)");
    private static final Pattern ENV_HANDLES = Pattern.compile("(?<head>name=\"procgate-env\"[^>]*max-pool-size=\")256\"");
    private static final Pattern HELLO_PYTHON_POOL = Pattern.compile(
            "<connector-connection-pool name=\"procgate-hello-python\"(?s:.*?)jndi-name=\"procgate/pool/hello-python\"/>");

    private Path work;
    private ProcgateRun run;

    @Test
    void eachRunStartsFromThePoolsAsWrittenNow() throws Exception {
        work = RunDirectory.create(TARGET, "run-it-");
        Path resources = work.resolve("procgate-resources.xml");
        Files.copy(HOME.resolve("config/procgate-resources.xml"), resources);
        int port = ProcgateRun.freePort();
        Http http = new Http("http://127.0.0.1:" + port + "/procgate/");

        String first = runUntilReady(port, resources, "first.log", "");
        assertThat(http.get("api/records?limit=1").statusCode()).as("the application answers once ready").isEqualTo(200);
        assertThat(first).contains("http://127.0.0.1:" + port + "/procgate/admin/", "user 'admin'",
                "only its hash is kept, in " + work.resolve("run/db/admin.password"));
        Matcher generated = Pattern.compile("generated password '([^']+)'").matcher(first);
        assertThat(generated.find()).as("the generated password, shown once in the log").isTrue();
        String password = generated.group(1);
        assertThat(Files.readString(work.resolve("run/db/admin.password"))).startsWith("pbkdf2-sha256$").doesNotContain(password);
        assertThat(poolLine(first, "env")).contains("max 2");
        assertThat(poolLine(first, "hello-python")).contains("RUNNING");
        stop();

        String edited = Files.readString(resources);
        edited = ENV_POOL.matcher(edited).replaceFirst("${head}3${tail}");
        edited = ENV_HANDLES.matcher(edited).replaceFirst("${head}2\"");
        edited = HELLO_PYTHON_POOL.matcher(edited).replaceFirst("");
        Files.writeString(resources, edited);

        OtlpReceiver otlp = new OtlpReceiver();
        String second = runUntilReady(port, resources, "second.log", "-Dotel.sdk.disabled=false -Dotel.traces.exporter=otlp"
                + " -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint=" + otlp.endpoint()
                + " -Dotel.bsp.schedule.delay=100 -Dotel.metrics.exporter=none -Dotel.logs.exporter=none");
        assertThat(poolLine(second, "env")).contains("max 3");
        assertThat(second).doesNotContain("hello-python")
                .contains("procgate: warning: pool env: max-pool-size 2 is below maxWorkers 3");
        assertThat(second).doesNotContain("generated password");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes());
        HttpResponse<String> env = http.get("admin/api/pools/env", "Authorization", basic);
        assertThat(env.body()).contains("\"maxWorkers\":3");
        assertThat(http.get("admin/api/pools", "Authorization", basic).body()).doesNotContain("hello-python");
        traced(http);
        try (otlp) {
            spansExported(http, otlp);
        }
        scrapedByPrometheus(http, port, basic, password);
        stop();
    }

    /**
     * A real Prometheus scrapes {@code /admin/metrics} as the operator and has procgate's series;
     * {@code promtool check metrics} finds nothing to fix in what it scraped.
     */
    private void scrapedByPrometheus(Http http, int port, String basic, String password) throws Exception {
        assertThat(http.get("fcgi/hello/").statusCode()).isEqualTo(200);
        assertThat(http.get("admin/metrics").statusCode()).as("metrics for the operator only").isEqualTo(401);
        HttpResponse<String> metrics = http.get("admin/metrics", "Authorization", basic);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("procgate_requests_total{kind=\"fastcgi\",pool=\"hello\"}");
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(metrics.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String lint = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics: %s", lint).isZero();

        try (PrometheusServer prometheus = new PrometheusServer(work.resolve("prometheus"), port, password)) {
            assertThat(prometheus.awaitResult("up{job=\"procgate\"} == 1", Duration.ofSeconds(60))).contains("\"value\"");
            assertThat(prometheus.awaitResult("procgate_requests_total{pool=\"hello\"} > 0", Duration.ofSeconds(30)))
                    .contains("\"kind\":\"fastcgi\"");
            prometheus.awaitResult("procgate_program_seconds_bucket{pool=\"hello\",le=\"+Inf\"} > 0", Duration.ofSeconds(30));
            prometheus.awaitResult("procgate_request_failures_total{pool=\"env\",cause=\"other\"}", Duration.ofSeconds(30));
        }
    }

    /**
     * With PROCGATE_ACCESS_LOG, a line per gateway and search request in the file, with the id the
     * client sent and the trace the program saw.
     */
    private void traced(Http http) throws Exception {
        String id = "6f1c2a7e-0000-4000-8000-0000000000aa";
        HttpResponse<String> env = http.get("fcgi/env/", "X-Request-Id", id,
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(env.body()).contains("REQUEST_ID", id).containsPattern("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(http.get("api/records?limit=1", "X-Request-Id", id.replace("aa", "bb")).statusCode()).isEqualTo(200);
        List<String> lines = Files.readAllLines(work.resolve("access.log"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("127.0.0.1 - - [")
                .containsPattern("\"GET /procgate/fcgi/env/ HTTP/[12](\\.[01])?\" 200 ").contains(" pool=env ", " id=" + id,
                        " trace=4bf92f3577b34da6a3ce929d0e0e4736").containsPattern(" pid=\\d+ "));
        assertThat(lines).filteredOn(line -> line.contains(" id=" + id.replace("aa", "bb") + " ")).as("one line per request")
                .singleElement().asString().contains("\"GET /procgate/api/records?limit=1 HTTP/", " pool=search ")
                .containsPattern(" urt=\\d+\\.\\d{3} ");
    }

    /**
     * With the server's OpenTelemetry on (Payara's MicroProfile Telemetry), a gateway request is a
     * server span continuing the client's trace, with the pool's wait and the program as its
     * children, and the program's {@code traceparent} names that span; a search request's span is
     * a child of the server's own JAX-RS span.
     */
    private void spansExported(Http http, OtlpReceiver otlp) throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> env = http.get("fcgi/env/", "traceparent", "00-" + trace + "-b7ad6b7169203331-01");
        Matcher seen = Pattern.compile("00-" + trace + "-([0-9a-f]{16})-01").matcher(env.body());
        assertThat(seen.find()).as("the program's traceparent in:%n%s", env.body()).isTrue();
        String gatewayId = seen.group(1);
        Span gateway = span(otlp, "the gateway's span " + gatewayId, span -> id(span).equals(gatewayId));
        assertThat(gateway.getName()).isEqualTo("GET /fcgi");
        assertThat(gateway.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(OtlpReceiver.hex(gateway.getTraceId().toByteArray())).isEqualTo(trace);
        assertThat(parentId(gateway)).as("the client's span is the parent").isEqualTo("b7ad6b7169203331");
        Span wait = span(otlp, "pool wait", span -> span.getName().equals("pool wait") && parentId(span).equals(gatewayId));
        Span program = span(otlp, "program", span -> span.getName().equals("program") && parentId(span).equals(gatewayId));
        assertThat(program.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(program.getAttributesList()).anySatisfy(attribute -> assertThat(attribute.getKey()).isEqualTo("process.pid"));
        assertThat(wait.getStartTimeUnixNano()).isGreaterThanOrEqualTo(gateway.getStartTimeUnixNano());
        assertThat(program.getStartTimeUnixNano()).isGreaterThanOrEqualTo(wait.getStartTimeUnixNano());
        assertThat(program.getEndTimeUnixNano()).isLessThanOrEqualTo(gateway.getEndTimeUnixNano());

        String searchTrace = "1bf7651916cd43dd8448eb211c80319c";
        assertThat(http.get("api/records?limit=1", "traceparent", "00-" + searchTrace + "-c7ad6b7169203331-01").statusCode())
                .isEqualTo(200);
        Span jaxrs = span(otlp, "the server's JAX-RS span", span -> OtlpReceiver.hex(span.getTraceId().toByteArray())
                .equals(searchTrace) && parentId(span).equals("c7ad6b7169203331"));
        Span search = span(otlp, "the search's span", span -> parentId(span).equals(id(jaxrs)));
        assertThat(search.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        span(otlp, "the search's program", span -> span.getName().equals("program") && parentId(span).equals(id(search)));
    }

    private static Span span(OtlpReceiver otlp, String what, Predicate<Span> wanted) throws InterruptedException {
        return otlp.await(wanted, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError(what + " not exported; received " + otlp.received()));
    }

    private static String id(Span span) {
        return OtlpReceiver.hex(span.getSpanId().toByteArray());
    }

    private static String parentId(Span span) {
        return OtlpReceiver.hex(span.getParentSpanId().toByteArray());
    }

    private String runUntilReady(int port, Path resources, String logName, String javaOptions) throws Exception {
        run = ProcgateRun.start(work.resolve(logName), Map.of("PROCGATE_PORT", Integer.toString(port),
                "PROCGATE_DB_PG_PORT", "0", "PROCGATE_DB_TCP_PORT", "0", "PROCGATE_RUN_DIR", work.resolve("run").toString(),
                "PROCGATE_RESOURCES", resources.toString(), "PROCGATE_ACCESS_LOG", work.resolve("access.log").toString(),
                "PROCGATE_JAVA_OPTIONS", javaOptions));
        return run.awaitReady(Duration.ofSeconds(120));
    }

    private static String poolLine(String output, String pool) {
        Matcher line = Pattern.compile("(?m)^procgate: +" + Pattern.quote(pool) + " .*$").matcher(output);
        assertThat(line.find()).as("pool %s listed in:%n%s", pool, output).isTrue();
        return line.group();
    }

    private void stop() throws InterruptedException {
        run.stop();
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (run != null) {
            run.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
