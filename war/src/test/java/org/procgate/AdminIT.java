package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin JSON API on Payara Micro: operators only; status of every pool and worker; recycle, resize, restart. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminIT {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final String PASSWORD = System.getProperty("procgate.test.admin.password");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ProcgateWar.archive();
    }

    @ArquillianResource
    URL url;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(url);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> admin(String method, String path) {
        return http.send(method, path, method.equals("GET") ? null : "", "Authorization", basic("admin", PASSWORD));
    }

    @Test
    void anonymousAndWrongPasswordsAreRefused() {
        assertThat(http.get("admin/api/pools").statusCode()).isEqualTo(401);
        assertThat(http.get("admin/api/pools", "Authorization", basic("admin", "guess")).statusCode()).isEqualTo(401);
        assertThat(http.get("admin/api/pools", "Authorization", basic("root", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(http.send("POST", "admin/api/pools/env/restart", "").statusCode()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void operatorsSeeEveryOpenPoolWithItsWorkers() {
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(http.get("cgi-bin/test.py").statusCode()).isEqualTo(200);

        HttpResponse<String> response = admin("GET", "admin/api/pools");
        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, Object>> pools = JSON.fromJson(response.body(), List.class);
        Map<String, Object> env = pools.stream().filter(p -> "env".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(env).containsEntry("kind", "fastcgi").containsEntry("state", "RUNNING");
        assertThat(((Number) env.get("acceptedRequests")).longValue()).isPositive();
        List<Map<String, Object>> workers = (List<Map<String, Object>>) env.get("workers");
        assertThat(workers).isNotEmpty().allSatisfy(w -> assertThat(((Number) w.get("pid")).longValue()).isPositive());
        assertThat(pools).anySatisfy(p -> assertThat(p).containsEntry("name", "cgi-bin").containsEntry("kind", "cgi"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConfiguredPoolOpensAtStartWithoutTraffic() {
        // nothing in this class ever searches: the search pool is there because it opened at start
        List<Map<String, Object>> pools = JSON.fromJson(admin("GET", "admin/api/pools").body(), List.class);
        assertThat(pools).extracting(p -> p.get("name")).contains("search", "env", "cgi-bin", "test-cgi");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusAnswersAtOnceWhileEveryWorkerIsBusy() throws Exception {
        // test-cgi runs one process at a time: a sleeping script takes all of it
        java.util.concurrent.CompletableFuture<HttpResponse<String>> busy =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> http.get("cgi/test-cgi/sleep.sh?1"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        Map<String, Object> pool = Map.of();
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            HttpResponse<String> response = admin("GET", "admin/api/pools/test-cgi");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).as("status answer time in ms").isLessThan(1000);
            pool = JSON.fromJson(response.body(), Map.class);
            if (((Number) pool.get("activeWorkers")).intValue() == 1) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(((Number) pool.get("activeWorkers")).intValue()).isEqualTo(1);
        assertThat(busy.get().statusCode()).isEqualTo(200);
    }

    @Test
    void readinessReportsEveryPoolsState() {
        Http server = new Http("http://127.0.0.1:" + url.getPort() + "/");
        HttpResponse<String> ready = server.get("health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("procgate-pools").contains("\"env\"").contains("RUNNING");
    }

    @Test
    void metricsCarryThePoolStatusInOpenMetricsFormat() {
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        Http server = new Http("http://127.0.0.1:" + url.getPort() + "/");
        HttpResponse<String> metrics = server.get("metrics", "Accept", "text/plain");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body().lines().filter(l -> l.startsWith("procgate_pool_accepted_requests") && l.contains("pool=\"env\"")))
                .as(metrics.body().lines().filter(l -> l.contains("procgate")).limit(5).toList().toString())
                .singleElement().satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isPositive());
        assertThat(metrics.body()).contains("procgate_pool_latency_p99_ms").contains("procgate_pool_up");
    }

    @Test
    void theConsoleIsForOperatorsOnly() {
        assertThat(http.get("admin/").statusCode()).isEqualTo(401);
        HttpResponse<String> page = http.get("admin/", "Authorization", basic("admin", PASSWORD));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("procgate pools").contains("EventSource").doesNotContain("innerHTML");
        assertThat(http.get("admin/api/events").statusCode()).isEqualTo(401);
        assertThat(http.get("admin/lib/uPlot.iife.min.js").statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleGetsItsChartingLibraryFromTheApplication() {
        HttpResponse<String> script = http.get("admin/lib/uPlot.iife.min.js", "Authorization", basic("admin", PASSWORD));
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.body()).contains("uPlot");
        assertThat(http.get("admin/lib/uPlot.min.css", "Authorization", basic("admin", PASSWORD)).body()).contains(".uplot");
        assertThat(http.get("admin/lib/package.json", "Authorization", basic("admin", PASSWORD)).statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLiveFeedSendsPoolSnapshots() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.base() + "admin/api/events"))
                .header("Authorization", basic("admin", PASSWORD)).timeout(java.time.Duration.ofSeconds(20)).build();
        HttpResponse<java.util.stream.Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (java.util.stream.Stream<String> lines = response.body()) {
            java.util.Iterator<String> it = lines.iterator();
            int snapshots = 0;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (snapshots < 2 && System.nanoTime() < deadline && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    Map<String, Object> snapshot = JSON.fromJson(line.substring(5).trim(), Map.class);
                    assertThat(snapshot).containsKeys("time", "pools");
                    assertThat((List<Object>) snapshot.get("pools")).isNotEmpty();
                    snapshots++;
                }
            }
            assertThat(snapshots).as("a snapshot at once and another a second later").isEqualTo(2);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRecycledWorkerIsReplacedByANewProcess() throws InterruptedException {
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        Map<String, Object> before = JSON.fromJson(admin("GET", "admin/api/pools/env").body(), Map.class);
        long pid = ((Number) ((List<Map<String, Object>>) before.get("workers")).get(0).get("pid")).longValue();

        assertThat(admin("POST", "admin/api/pools/env/workers/" + pid + "/recycle").statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Long> pids = List.of(pid);
        while (pids.contains(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            Map<String, Object> after = JSON.fromJson(admin("GET", "admin/api/pools/env").body(), Map.class);
            pids = ((List<Map<String, Object>>) after.get("workers")).stream()
                    .map(w -> ((Number) w.get("pid")).longValue()).toList();
        }
        assertThat(pids).doesNotContain(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("old worker process ended").isFalse();
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "admin/api/pools/env/workers/1/recycle").statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void poolsResizeWithinTheirLimitsAndRestart() {
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        HttpResponse<String> resized = admin("PUT", "admin/api/pools/env/size?maxWorkers=1");
        assertThat(resized.statusCode()).as(resized.body()).isEqualTo(200);
        assertThat(((Number) JSON.fromJson(resized.body(), Map.class).get("maxWorkers")).intValue()).isEqualTo(1);
        assertThat(admin("PUT", "admin/api/pools/env/size?maxWorkers=99").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "admin/api/pools/env/size?maxWorkers=two").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "admin/api/pools/env/size?maxWorkers=2").statusCode()).isEqualTo(200);

        assertThat(admin("POST", "admin/api/pools/env/restart").statusCode()).isEqualTo(202);
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(admin("GET", "admin/api/pools/no-such-pool").statusCode()).isEqualTo(404);
    }
}
