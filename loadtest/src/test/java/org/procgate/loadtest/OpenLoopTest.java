package org.procgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The generator against a real HTTP server on loopback that answers slowly, refuses, or breaks. */
class OpenLoopTest {

    private HttpServer server;
    private Target target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/slow", exchange -> {
            sleep(100);
            answer(exchange, 200, "done");
        });
        server.createContext("/full", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "3");
            answer(exchange, 503, "busy");
        });
        server.createContext("/short", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.close();
        });
        server.start();
        target = new Target(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), "admin:x", 0);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsAtItsRateHoweverSlowTheAnswersAreAndCountsFromWhenEachWasDue() throws InterruptedException {
        Recorder recorder = new Recorder(List.of("slow"), System.nanoTime());
        Traffic slow = new Traffic("slow", 50, () -> target.request("slow").GET().build(), AnswerCheck.okStartingWith("done"));

        long start = System.nanoTime();
        new OpenLoop(client, recorder).run(List.of(slow), Duration.ofSeconds(2));

        Series series = recorder.series("slow");
        assertThat(series.ok()).as("requests sent at 50 a second for 2 s, each answered after 100 ms").isEqualTo(100);
        assertThat(series.percentileMillis(50)).isGreaterThanOrEqualTo(100);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms: the run is the rate's, not the answers'")
                .isLessThan(2000 + 1000);
    }

    @Test
    void a503IsARefusalWithItsRetryAfterAndAWrongAnswerAFailureWithItsReason() throws InterruptedException {
        Recorder recorder = new Recorder(List.of("full", "short"), System.nanoTime());
        new OpenLoop(client, recorder).run(List.of(
                new Traffic("full", 20, () -> target.request("full").GET().build(), AnswerCheck.ok()),
                new Traffic("short", 20, () -> target.request("short").GET().build(), AnswerCheck.okWithLength(1000))),
                Duration.ofSeconds(1));

        assertThat(recorder.series("full").rejected()).isEqualTo(20);
        assertThat(recorder.series("full").retryAfters()).containsEntry("3", 20L);
        assertThat(recorder.series("short").failed()).isEqualTo(20);
        assertThat(recorder.series("short").failures().keySet()).allSatisfy(reason -> assertThat(reason).contains("IOException"));
        assertThat(recorder.failed() + recorder.rejected()).isEqualTo(recorder.total());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes();
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
