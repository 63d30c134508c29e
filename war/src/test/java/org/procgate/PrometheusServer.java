package org.procgate;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus}) on a free loopback port, scraping procgate's
 * {@code /admin/metrics} every second as the operator, with its data under a directory of the
 * test's; stopped on close.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    PrometheusServer(Path dir, int procgatePort, String operatorPassword) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: procgate
                    metrics_path: /procgate/admin/metrics
                    basic_auth:
                      username: admin
                      password: '%s'
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(operatorPassword.replace("'", "''"), procgatePort));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** The answer of Prometheus's query API for {@code expr} once it has a result, within {@code timeout}. */
    String awaitResult(String expr, Duration timeout) throws InterruptedException {
        URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = client.send(HttpRequest.newBuilder(query).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"result\":[{")) {
                    return last;
                }
            } catch (IOException notYetUp) {
                last = notYetUp.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus had no result for " + expr + " within " + timeout + "; last answer: " + last);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
