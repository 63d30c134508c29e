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
    private static final String VIEWER = basic("viewer", System.getProperty("procgate.test.viewer.password"));

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

    private HttpResponse<String> admin(String method, String path, String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of("Authorization", basic("admin", PASSWORD)));
        all.addAll(List.of(headers));
        return http.send(method, path, method.equals("GET") ? null : "", all.toArray(String[]::new));
    }

    private String ownOrigin() {
        return "http://127.0.0.1:" + url.getPort();
    }

    @SuppressWarnings("unchecked")
    private int maxWorkers(String pool) {
        return ((Number) JSON.fromJson(admin("GET", "admin/api/pools/" + pool).body(), Map.class).get("maxWorkers")).intValue();
    }

    @Test
    void everyAdminAnswerCarriesTheConsolesSecurityHeaders() {
        List<HttpResponse<String>> answers = List.of(admin("GET", "admin/"), admin("GET", "admin/console.js"),
                admin("GET", "admin/console.css"), admin("GET", "admin/lib/uPlot.iife.min.js"), admin("GET", "admin/api/pools"),
                admin("GET", "admin/api/pools/no-such-pool"), http.get("admin/api/pools"),
                admin("POST", "admin/api/pools/env/restart", "Origin", "http://attacker.example"));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 200, 200, 404, 401, 403);
        for (HttpResponse<String> answer : answers) {
            var headers = answer.headers();
            String what = answer.request().method() + " " + answer.uri() + " " + answer.statusCode();
            assertThat(headers.firstValue("Content-Security-Policy")).as(what).contains(
                    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'");
            assertThat(headers.firstValue("X-Frame-Options")).as(what).contains("DENY");
            assertThat(headers.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
            assertThat(headers.allValues("Cache-Control")).as(what).containsExactly("no-store");
            assertThat(headers.firstValue("Referrer-Policy")).as(what).contains("no-referrer");
        }
        assertThat(http.get("").headers().firstValue("Content-Security-Policy")).as("public pages keep theirs").isEmpty();
    }

    @Test
    void theConsolePageHoldsNoInlineScriptOrStyle() {
        String page = admin("GET", "admin/").body();
        assertThat(page).contains("<script src=\"console.js\"").contains("href=\"console.css\"")
                .doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern("<script[^>]*>[^<]")
                .doesNotContainPattern(" on[a-z]+=");
        HttpResponse<String> moved = admin("GET", "admin");
        assertThat(moved.statusCode()).isEqualTo(303);
        assertThat(moved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/admin/"));
        assertThat(admin("GET", "admin/console.html").statusCode()).isEqualTo(404);
    }

    @Test
    void crossSiteActionsAreRefusedAndDoNothing() {
        int before = maxWorkers("env");
        String resize = "admin/api/pools/env/size?maxWorkers=1";
        for (String[] crossSite : List.of(
                new String[] {"Origin", "http://attacker.example"},
                new String[] {"Origin", "null"},
                new String[] {"Origin", "http://127.0.0.1:" + (url.getPort() + 1)},
                new String[] {"Sec-Fetch-Site", "cross-site", "Origin", "http://attacker.example"},
                new String[] {"Sec-Fetch-Site", "same-site", "Origin", "http://other.127.0.0.1.nip.io"},
                new String[] {"Content-Type", "application/x-www-form-urlencoded"},
                new String[] {"Content-Type", "text/plain;charset=UTF-8"},
                new String[] {"Content-Type", "multipart/form-data; boundary=x"})) {
            HttpResponse<String> refused = admin("PUT", resize, crossSite);
            assertThat(refused.statusCode()).as(String.join(" ", crossSite)).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"title\":\"Cross-site request refused\"").contains("nothing was done");
        }
        assertThat(admin("POST", "admin/api/pools/env/restart", "Origin", "http://attacker.example").statusCode()).isEqualTo(403);
        assertThat(admin("POST", "admin/api/pools/env/workers/1/recycle", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(maxWorkers("env")).as("nothing was resized").isEqualTo(before);

        // the console's own requests, and scripts that send no browser headers and no form
        String same = "admin/api/pools/env/size?maxWorkers=" + before;
        assertThat(admin("PUT", same, "Sec-Fetch-Site", "same-origin", "Origin", ownOrigin()).statusCode()).isEqualTo(200);
        assertThat(admin("PUT", same, "Origin", ownOrigin()).statusCode()).isEqualTo(200);
        assertThat(admin("PUT", same).statusCode()).isEqualTo(200);
        assertThat(admin("PUT", same, "Content-Type", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theViewerLooksButCannotAct() {
        assertThat(http.get("admin/api/pools", "Authorization", VIEWER).statusCode()).isEqualTo(200);
        assertThat(http.get("admin/", "Authorization", VIEWER).statusCode()).isEqualTo(200);
        assertThat(JSON.fromJson(http.get("admin/api/session", "Authorization", VIEWER).body(), Map.class))
                .containsEntry("user", "viewer").containsEntry("role", "procgate-viewer").containsEntry("mayAct", false);
        assertThat(JSON.fromJson(admin("GET", "admin/api/session").body(), Map.class))
                .containsEntry("user", "admin").containsEntry("role", "procgate-admin").containsEntry("mayAct", true);

        int before = maxWorkers("env");
        for (String[] action : List.of(new String[] {"PUT", "admin/api/pools/env/size?maxWorkers=1"},
                new String[] {"POST", "admin/api/pools/env/restart"}, new String[] {"DELETE", "admin/api/pools/env"})) {
            HttpResponse<String> refused = http.send(action[0], action[1], "", "Authorization", VIEWER, "Origin", ownOrigin());
            assertThat(refused.statusCode()).as(action[0] + " " + action[1]).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"title\":\"Read-only user\"");
        }
        assertThat(maxWorkers("env")).isEqualTo(before);
        assertThat(http.get("admin/api/pools", "Authorization", basic("viewer", PASSWORD)).statusCode()).isEqualTo(401);
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
        assertThat(page.body()).contains("procgate pools").doesNotContain("innerHTML");
        assertThat(http.get("admin/console.js", "Authorization", basic("admin", PASSWORD)).body())
                .contains("EventSource").doesNotContain("innerHTML");
        assertThat(http.get("admin/console.js").statusCode()).isEqualTo(401);
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
