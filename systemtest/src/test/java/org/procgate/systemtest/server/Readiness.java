package org.procgate.systemtest.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits until procgate answers a direct search: then the application is deployed, the database is
 * filled and the pools can be looked up. A "server ready" line proves none of that.
 */
public final class Readiness {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {
    }

    public static void await(URI base, Duration timeout, Optional<ProcessHandle> server, Path log) throws InterruptedException {
        await(base, timeout, server, log, Optional::empty);
    }

    /** @param failure what the server reports once a deployment has failed, so the wait ends there and then */
    public static void await(URI base, Duration timeout, Optional<ProcessHandle> server, Path log,
                             Supplier<Optional<String>> failure) throws InterruptedException {
        URI probe = base.resolve("api/records?q=a&limit=1&via=direct");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (server.isPresent() && !server.get().isAlive()) {
                throw new IllegalStateException("the server exited before procgate answered; see " + log);
            }
            Optional<String> failed = failure.get();
            if (failed.isPresent()) {
                throw new IllegalStateException(failed.get() + "; see " + log);
            }
            try {
                HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("procgate did not answer " + probe + " within " + timeout + " (last: " + last + "); see " + log);
    }

    /**
     * Waits until procgate finds every pool just added to the running server: its gateway path
     * ({@code fcgi/<pool>/}, {@code cgi/<pool>/}) no longer answers "no pool named ...".
     */
    public static void awaitPools(URI base, PoolDefinitions pools, Duration timeout, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (PoolDefinitions.Pool pool : pools.pools()) {
            URI probe = base.resolve(("cgi".equals(pool.properties().get("kind")) ? "cgi/" : "fcgi/") + pool.poolName() + "/");
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (!response.body().contains("no pool named")) {
                        break;
                    }
                    last = "HTTP " + response.statusCode() + " " + response.body();
                } catch (java.io.IOException notYet) {
                    last = notYet.toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("procgate did not find pool " + pool.poolName() + " within " + timeout
                            + " (last: " + last + "); see " + log);
                }
                Thread.sleep(200);
            }
        }
    }
}
