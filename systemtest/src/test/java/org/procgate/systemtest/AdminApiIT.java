package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.ServerUnderTest;
import org.procgate.systemtest.server.Servers;

/**
 * The admin JSON API and console on every server: operators only; status of every pool and worker;
 * recycle, resize, restart; the security headers, a page without inline code, cross-site actions
 * refused with nothing changed, the viewer reading but refused every action; metrics on every server; health
 * where the server has MicroProfile.
 */
@SystemTest
class AdminApiIT {

    private static final String OPERATOR = Procgate.basic("admin", Servers.ADMIN_PASSWORD);
    private static final String VIEWER = Procgate.basic("viewer", Servers.VIEWER_PASSWORD);

    private static HttpResponse<String> admin(Procgate procgate, String method, String path, String... headers) {
        List<String> all = new java.util.ArrayList<>(List.of("Authorization", OPERATOR));
        all.addAll(List.of(headers));
        return procgate.send(method, path, method.equals("GET") ? null : "", all.toArray(String[]::new));
    }

    private static String ownOrigin(Procgate procgate) {
        return procgate.base().getScheme() + "://" + procgate.base().getAuthority();
    }

    @SuppressWarnings("unchecked")
    private static int maxWorkers(Procgate procgate, String pool) {
        return ((Number) Procgate.JSON.fromJson(admin(procgate, "GET", "admin/api/pools/" + pool).body(), Map.class).get("maxWorkers")).intValue();
    }

    @Test
    void everyAdminAnswerCarriesTheConsolesSecurityHeaders(Procgate procgate) {
        List<HttpResponse<String>> answers = List.of(admin(procgate, "GET", "admin/"), admin(procgate, "GET", "admin/console.js"),
                admin(procgate, "GET", "admin/console.css"), admin(procgate, "GET", "admin/lib/uPlot.iife.min.js"), admin(procgate, "GET", "admin/api/pools"),
                admin(procgate, "GET", "admin/api/pools/no-such-pool"), procgate.get("admin/api/pools"),
                admin(procgate, "POST", "admin/api/pools/env/restart", "Origin", "http://attacker.example"));
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
        assertThat(procgate.get("").headers().firstValue("Content-Security-Policy")).as("public pages keep theirs").isEmpty();
    }

    @Test
    void theConsolePageHoldsNoInlineScriptOrStyle(Procgate procgate) {
        String page = admin(procgate, "GET", "admin/").body();
        assertThat(page).contains("<script src=\"console.js\"").contains("href=\"console.css\"")
                .doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern("<script[^>]*>[^<]")
                .doesNotContainPattern(" on[a-z]+=");
        HttpResponse<String> moved = admin(procgate, "GET", "admin");
        assertThat(moved.statusCode()).isEqualTo(303);
        assertThat(moved.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/admin/"));
        assertThat(admin(procgate, "GET", "admin/console.html").statusCode()).isEqualTo(404);
    }

    @Test
    void crossSiteActionsAreRefusedAndDoNothing(Procgate procgate) {
        int before = maxWorkers(procgate, "env");
        String resize = "admin/api/pools/env/size?maxWorkers=1";
        for (String[] crossSite : List.of(
                new String[] {"Origin", "http://attacker.example"},
                new String[] {"Origin", "null"},
                new String[] {"Origin", "http://127.0.0.1:" + (procgate.base().getPort() + 1)},
                new String[] {"Sec-Fetch-Site", "cross-site", "Origin", "http://attacker.example"},
                new String[] {"Sec-Fetch-Site", "same-site", "Origin", "http://other.127.0.0.1.nip.io"},
                new String[] {"Content-Type", "application/x-www-form-urlencoded"},
                new String[] {"Content-Type", "text/plain;charset=UTF-8"},
                new String[] {"Content-Type", "multipart/form-data; boundary=x"})) {
            HttpResponse<String> refused = admin(procgate, "PUT", resize, crossSite);
            assertThat(refused.statusCode()).as(String.join(" ", crossSite)).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"title\":\"Cross-site request refused\"").contains("nothing was done");
        }
        assertThat(admin(procgate, "POST", "admin/api/pools/env/restart", "Origin", "http://attacker.example").statusCode()).isEqualTo(403);
        assertThat(admin(procgate, "POST", "admin/api/pools/env/workers/1/recycle", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(maxWorkers(procgate, "env")).as("nothing was resized").isEqualTo(before);

        // the console's own requests, and scripts that send no browser headers and no form
        String same = "admin/api/pools/env/size?maxWorkers=" + before;
        assertThat(admin(procgate, "PUT", same, "Sec-Fetch-Site", "same-origin", "Origin", ownOrigin(procgate)).statusCode()).isEqualTo(200);
        assertThat(admin(procgate, "PUT", same, "Origin", ownOrigin(procgate)).statusCode()).isEqualTo(200);
        assertThat(admin(procgate, "PUT", same).statusCode()).isEqualTo(200);
        assertThat(admin(procgate, "PUT", same, "Content-Type", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theViewerLooksButCannotAct(Procgate procgate) {
        assertThat(procgate.get("admin/api/pools", "Authorization", VIEWER).statusCode()).isEqualTo(200);
        assertThat(procgate.get("admin/", "Authorization", VIEWER).statusCode()).isEqualTo(200);
        assertThat(Procgate.JSON.fromJson(procgate.get("admin/api/session", "Authorization", VIEWER).body(), Map.class))
                .containsEntry("user", "viewer").containsEntry("role", "procgate-viewer").containsEntry("mayAct", false);
        assertThat(Procgate.JSON.fromJson(admin(procgate, "GET", "admin/api/session").body(), Map.class))
                .containsEntry("user", "admin").containsEntry("role", "procgate-admin").containsEntry("mayAct", true);

        int before = maxWorkers(procgate, "env");
        for (String[] action : List.of(new String[] {"PUT", "admin/api/pools/env/size?maxWorkers=1"},
                new String[] {"POST", "admin/api/pools/env/restart"}, new String[] {"DELETE", "admin/api/pools/env"})) {
            HttpResponse<String> refused = procgate.send(action[0], action[1], "", "Authorization", VIEWER, "Origin", ownOrigin(procgate));
            assertThat(refused.statusCode()).as(action[0] + " " + action[1]).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"title\":\"Read-only user\"");
        }
        assertThat(maxWorkers(procgate, "env")).isEqualTo(before);
        assertThat(procgate.get("admin/api/pools", "Authorization", Procgate.basic("viewer", Servers.ADMIN_PASSWORD)).statusCode()).isEqualTo(401);
    }

    @Test
    void anonymousAndWrongPasswordsAreRefused(Procgate procgate) {
        assertThat(procgate.get("admin/api/pools").statusCode()).isEqualTo(401);
        assertThat(procgate.get("admin/api/pools", "Authorization", Procgate.basic("admin", "guess")).statusCode()).isEqualTo(401);
        assertThat(procgate.get("admin/api/pools", "Authorization", Procgate.basic("root", Servers.ADMIN_PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(procgate.send("POST", "admin/api/pools/env/restart", "").statusCode()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void operatorsSeeEveryOpenPoolWithItsWorkers(Procgate procgate) {
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(procgate.get("cgi-bin/test.py").statusCode()).isEqualTo(200);

        HttpResponse<String> response = admin(procgate, "GET", "admin/api/pools");
        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, Object>> pools = Procgate.JSON.fromJson(response.body(), List.class);
        Map<String, Object> env = pools.stream().filter(p -> "env".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(env).containsEntry("kind", "fastcgi").containsEntry("state", "RUNNING");
        assertThat(((Number) env.get("acceptedRequests")).longValue()).isPositive();
        List<Map<String, Object>> workers = (List<Map<String, Object>>) env.get("workers");
        assertThat(workers).isNotEmpty().allSatisfy(w -> assertThat(((Number) w.get("pid")).longValue()).isPositive());
        assertThat(pools).anySatisfy(p -> assertThat(p).containsEntry("name", "cgi-bin").containsEntry("kind", "cgi"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConfiguredPoolOpensAtStartWithoutTraffic(Procgate procgate, ServerUnderTest server) {
        // pools added to a running server (every server but Payara Micro here) open on their first request
        Assumptions.assumeTrue(server.poolsDefinedBeforeTheApplication(), "the pools were added after the application started");
        // nothing in this class ever searches: the search pool is there because it opened at start
        List<Map<String, Object>> pools = Procgate.JSON.fromJson(admin(procgate, "GET", "admin/api/pools").body(), List.class);
        assertThat(pools).extracting(p -> p.get("name")).contains("search", "env", "cgi-bin", "test-cgi");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusAnswersAtOnceWhileEveryWorkerIsBusy(Procgate procgate) throws Exception {
        // test-cgi runs one process at a time: a sleeping script takes all of it
        java.util.concurrent.CompletableFuture<HttpResponse<String>> busy =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> procgate.get("cgi/test-cgi/sleep.sh?1"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        Map<String, Object> pool = Map.of();
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            HttpResponse<String> response = admin(procgate, "GET", "admin/api/pools/test-cgi");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).as("status answer time in ms").isLessThan(1000);
            pool = Procgate.JSON.fromJson(response.body(), Map.class);
            if (((Number) pool.get("activeWorkers")).intValue() == 1) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(((Number) pool.get("activeWorkers")).intValue()).isEqualTo(1);
        assertThat(busy.get().statusCode()).isEqualTo(200);
    }

    @Test
    void readinessReportsEveryPoolsState(Procgate procgate, ServerUnderTest server) {
        Assumptions.assumeTrue(server.hasMicroProfile(), "this server has no MicroProfile Health");
        HttpResponse<String> ready = procgate.serverRoot().get("health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("procgate-pools").contains("\"env\"").contains("RUNNING");
        for (String check : List.of("health/live", "health/started")) {
            HttpResponse<String> answer = procgate.serverRoot().get(check);
            assertThat(answer.statusCode()).as(check + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains(check.endsWith("live") ? "procgate-alive" : "procgate-started");
        }
    }

    @Test
    void metricsForPrometheusOnEveryServerForTheConsolesUsersOnly(Procgate procgate) {
        // a pool added to the running server counts from its first request
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(procgate.get("admin/metrics").statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = procgate.get("admin/metrics", "Authorization", VIEWER);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(metrics.body().lines().filter(l -> l.startsWith("procgate_requests_total{") && l.contains("pool=\"env\"")))
                .as(metrics.body().lines().filter(l -> l.contains("procgate")).limit(5).toList().toString())
                .singleElement().satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).isPositive());
        assertThat(metrics.body()).contains("# TYPE procgate_program_seconds histogram", "procgate_request_failures_total{cause=\"other\"");
        HttpResponse<String> openMetrics = procgate.get("admin/metrics", "Authorization", VIEWER,
                "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).endsWith("# EOF\n");
    }

    @Test
    void aPoolsStatusAsPhpFpmGivesItForToolsMadeForPhpFpm(Procgate procgate) {
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(procgate.get("admin/fpm-status/env").statusCode()).isEqualTo(401);
        HttpResponse<String> text = procgate.get("admin/fpm-status/env", "Authorization", VIEWER);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.body()).startsWith("pool:                 env\nprocess manager:      ").contains("accepted conn:        ");
        HttpResponse<String> json = procgate.get("admin/fpm-status/env?json&full", "Authorization", VIEWER);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> status = Procgate.json(json);
        assertThat(status).containsEntry("pool", "env").containsKeys("accepted conn", "max children reached", "processes");
        assertThat(procgate.get("admin/fpm-status/env?openmetrics", "Authorization", VIEWER).body())
                .contains("# TYPE phpfpm_accepted_connections counter").endsWith("# EOF\n");
        assertThat(procgate.get("admin/fpm-status/no-such-pool", "Authorization", VIEWER).statusCode()).isEqualTo(404);
    }

    @Test
    void theConsoleIsForOperatorsOnly(Procgate procgate) {
        assertThat(procgate.get("admin/").statusCode()).isEqualTo(401);
        HttpResponse<String> page = procgate.get("admin/", "Authorization", OPERATOR);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("procgate pools").doesNotContain("innerHTML");
        assertThat(procgate.get("admin/console.js", "Authorization", OPERATOR).body())
                .contains("EventSource").doesNotContain("innerHTML");
        assertThat(procgate.get("admin/console.js").statusCode()).isEqualTo(401);
        assertThat(procgate.get("admin/api/events").statusCode()).isEqualTo(401);
        assertThat(procgate.get("admin/lib/uPlot.iife.min.js").statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleGetsItsChartingLibraryFromTheApplication(Procgate procgate) {
        HttpResponse<String> script = procgate.get("admin/lib/uPlot.iife.min.js", "Authorization", OPERATOR);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.body()).contains("uPlot");
        assertThat(procgate.get("admin/lib/uPlot.min.css", "Authorization", OPERATOR).body()).contains(".uplot");
        assertThat(procgate.get("admin/lib/package.json", "Authorization", OPERATOR).statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLiveFeedSendsPoolSnapshots(Procgate procgate) throws Exception {
        java.net.http.HttpRequest request = procgate.request("admin/api/events")
                .header("Authorization", OPERATOR).timeout(java.time.Duration.ofSeconds(20)).build();
        HttpResponse<java.util.stream.Stream<String>> response = procgate.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (java.util.stream.Stream<String> lines = response.body()) {
            java.util.Iterator<String> it = lines.iterator();
            int snapshots = 0;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (snapshots < 2 && System.nanoTime() < deadline && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    Map<String, Object> snapshot = Procgate.JSON.fromJson(line.substring(5).trim(), Map.class);
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
    void aRecycledWorkerIsReplacedByANewProcess(Procgate procgate) throws InterruptedException {
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        Map<String, Object> before = Procgate.JSON.fromJson(admin(procgate, "GET", "admin/api/pools/env").body(), Map.class);
        long pid = ((Number) ((List<Map<String, Object>>) before.get("workers")).get(0).get("pid")).longValue();

        assertThat(admin(procgate, "POST", "admin/api/pools/env/workers/" + pid + "/recycle").statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Long> pids = List.of(pid);
        while (pids.contains(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            Map<String, Object> after = Procgate.JSON.fromJson(admin(procgate, "GET", "admin/api/pools/env").body(), Map.class);
            pids = ((List<Map<String, Object>>) after.get("workers")).stream()
                    .map(w -> ((Number) w.get("pid")).longValue()).toList();
        }
        assertThat(pids).doesNotContain(pid);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("old worker process ended").isFalse();
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(admin(procgate, "POST", "admin/api/pools/env/workers/1/recycle").statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void poolsResizeWithinTheirLimitsAndRestart(Procgate procgate) {
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        HttpResponse<String> resized = admin(procgate, "PUT", "admin/api/pools/env/size?maxWorkers=1");
        assertThat(resized.statusCode()).as(resized.body()).isEqualTo(200);
        assertThat(((Number) Procgate.JSON.fromJson(resized.body(), Map.class).get("maxWorkers")).intValue()).isEqualTo(1);
        assertThat(admin(procgate, "PUT", "admin/api/pools/env/size?maxWorkers=99").statusCode()).isEqualTo(400);
        assertThat(admin(procgate, "PUT", "admin/api/pools/env/size?maxWorkers=two").statusCode()).isEqualTo(400);
        assertThat(admin(procgate, "PUT", "admin/api/pools/env/size?maxWorkers=2").statusCode()).isEqualTo(200);

        assertThat(admin(procgate, "POST", "admin/api/pools/env/restart").statusCode()).isEqualTo(202);
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(admin(procgate, "GET", "admin/api/pools/no-such-pool").statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPoolReloadsWithChangedSettingsOnNewWorkers(Procgate procgate) throws InterruptedException {
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        Map<String, Object> before = Procgate.JSON.fromJson(admin(procgate, "GET", "admin/api/pools/env").body(), Map.class);
        List<Long> oldWorkers = ((List<Map<String, Object>>) before.get("workers")).stream()
                .map(w -> ((Number) w.get("pid")).longValue()).toList();

        HttpResponse<String> reloaded = procgate.send("PUT", "admin/api/pools/env/settings", "{\"maxWorkers\": \"3\"}",
                "Authorization", OPERATOR, "Content-Type", "application/json");
        assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
        assertThat(maxWorkers(procgate, "env")).isEqualTo(3);
        assertThat(procgate.get("fcgi/env/").statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (oldWorkers.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(oldWorkers).as("the workers of the old definition ended")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        HttpResponse<String> wrong = procgate.send("PUT", "admin/api/pools/env/settings", "{\"maxWorkers\": \"many\"}",
                "Authorization", OPERATOR, "Content-Type", "application/json");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("maxWorkers must be a whole number");
        assertThat(maxWorkers(procgate, "env")).as("a wrong value changes nothing").isEqualTo(3);
        assertThat(procgate.send("PUT", "admin/api/pools/env/settings", "{\"maxWorkers\": \"2\"}",
                "Authorization", VIEWER, "Content-Type", "application/json").statusCode()).as("the viewer").isEqualTo(403);

        assertThat(procgate.send("PUT", "admin/api/pools/env/settings", "{\"maxWorkers\": \"2\"}",
                "Authorization", OPERATOR, "Content-Type", "application/json").statusCode()).isEqualTo(200);
        assertThat(maxWorkers(procgate, "env")).isEqualTo(2);
    }
}
