package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.ServerUnderTest;
import org.procgate.systemtest.server.Servers;

/**
 * The admin console and its API are for the operator and the viewer alone on every server, in
 * every packaging: anonymous callers and wrong credentials get a Basic challenge, however the path
 * is spelled; the operator's credentials get through; the public pages need none. Every admin
 * answer carries the console's security headers; actions from another site, or by the viewer, are
 * refused; where the run gives the console its own port, other listeners do not have it.
 */
@SystemTest
class AdminAccessIT {

    private static final String OPERATOR = basic("admin", Servers.ADMIN_PASSWORD);
    private static final String VIEWER = basic("viewer", Servers.VIEWER_PASSWORD);
    /** An action on a pool that does not exist: past the guard it answers 404, and it changes nothing either way. */
    private static final String ACTION = "admin/api/pools/no-such-pool/restart";

    @Test
    void theAdminApiRefusesAnonymousCallers(Procgate procgate) {
        for (String path : List.of("admin/api/pools", "admin/", "admin", "admin;x=y/api/pools", "%61dmin/api/pools",
                "api/../admin/api/pools", "admin/lib/uPlot.iife.min.js")) {
            var response = procgate.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Basic"));
        }
        assertThat(procgate.get("admin/api/pools", "Authorization", basic("admin", "guess")).statusCode())
                .as("admin:guess").isEqualTo(401);
    }

    @Test
    void theOperatorGetsIn(Procgate procgate) {
        // where the server opens pools on first use (GlassFish), whatever test ran before
        assertThat(procgate.get("api/records?q=smith&via=fastcgi").statusCode()).isEqualTo(200);
        assertThat(procgate.get("api/records?q=smith&via=cgi").statusCode()).isEqualTo(200);
        var pools = procgate.get("admin/api/pools", "Authorization", OPERATOR);
        assertThat(pools.statusCode()).isEqualTo(200);
        // every pool of the deployment, also where the server gives the administered object an adapter
        // instance of its own (WildFly)
        assertThat(pools.body()).startsWith("[").contains("\"name\":\"search\"").contains("\"name\":\"cgi-bin\"");
        var console = procgate.get("admin/", "Authorization", OPERATOR);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<html");
        // the charting library comes from the WAR's webjar, on every server
        assertThat(procgate.get("admin/lib/uPlot.iife.min.js", "Authorization", OPERATOR).body()).contains("uPlot");
    }

    @Test
    void publicPagesNeedNoCredentialsAndAcceptTheOperatorsToo(Procgate procgate) {
        assertThat(procgate.get("").statusCode()).isEqualTo(200);
        assertThat(procgate.get("", "Authorization", OPERATOR).statusCode()).isEqualTo(200);
        assertThat(procgate.get("api/records?q=smith&via=direct", "Authorization", OPERATOR).statusCode()).isEqualTo(200);
    }

    @Test
    void everyAdminAnswerCarriesTheConsolesSecurityHeaders(Procgate procgate) {
        for (var answer : List.of(procgate.get("admin/", "Authorization", OPERATOR), procgate.get("admin/console.js", "Authorization", OPERATOR),
                procgate.get("admin/api/pools", "Authorization", OPERATOR), procgate.get("admin/api/pools"))) {
            String what = answer.uri() + " " + answer.statusCode();
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(what)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
            assertThat(answer.headers().allValues("Cache-Control")).as(what).containsExactly("no-store");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(what).contains("no-referrer");
        }
    }

    @Test
    void actionsFromAnotherSiteAreRefused(Procgate procgate) {
        String own = procgate.base().getScheme() + "://" + procgate.base().getAuthority();
        for (String[] crossSite : List.of(new String[] {"Origin", "http://attacker.example"},
                new String[] {"Sec-Fetch-Site", "cross-site", "Origin", "http://attacker.example"},
                new String[] {"Content-Type", "application/x-www-form-urlencoded"})) {
            var refused = post(procgate, ACTION, OPERATOR, crossSite);
            assertThat(refused.statusCode()).as(String.join(" ", crossSite)).isEqualTo(403);
            assertThat(refused.body()).contains("Cross-site request refused");
        }
        assertThat(post(procgate, ACTION, OPERATOR, "Origin", own).statusCode()).as("the console's own origin").isEqualTo(404);
        assertThat(post(procgate, ACTION, OPERATOR, "Sec-Fetch-Site", "same-origin", "Origin", own).statusCode()).isEqualTo(404);
        assertThat(post(procgate, ACTION, OPERATOR).statusCode()).as("a script without browser headers").isEqualTo(404);
    }

    @Test
    void theViewerLooksButCannotAct(Procgate procgate) {
        assertThat(procgate.get("admin/api/pools", "Authorization", VIEWER).statusCode()).isEqualTo(200);
        assertThat(procgate.get("admin/api/session", "Authorization", VIEWER).body()).contains("\"procgate-viewer\"");
        var refused = post(procgate, ACTION, VIEWER, "Origin", procgate.base().getScheme() + "://" + procgate.base().getAuthority());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Read-only user");
    }

    @Test
    void withAPortOfItsOwnTheConsoleIsOnNoOtherListener(Procgate procgate, ServerUnderTest server) throws Exception {
        Optional<URI> other = server.listenerWithoutConsole();
        Assumptions.assumeTrue(other.isPresent(), "this run serves the console on every listener");
        assertThat(procgate.get("admin/api/pools", "Authorization", OPERATOR).statusCode()).as("the admin port").isEqualTo(200);
        assertThat(statusOverTls(other.get().resolve(""), null)).as("public page on the other listener").isEqualTo(200);
        for (String path : List.of("admin/", "admin/api/pools", "admin/lib/uPlot.iife.min.js")) {
            assertThat(statusOverTls(other.get().resolve(path), OPERATOR)).as(path + " on the other listener").isEqualTo(404);
        }
    }

    /** A GET over TLS to the server's own listener, whose certificate is the domain's self-signed one. */
    private static int statusOverTls(URI uri, String authorization) throws Exception {
        TrustManager[] trustAll = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustAll, null);
        HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        connection.setHostnameVerifier((host, session) -> true);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(60000);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private static java.net.http.HttpResponse<String> post(Procgate procgate, String path, String authorization, String... headers) {
        var request = procgate.request(path).POST(java.net.http.HttpRequest.BodyPublishers.ofString("x=1")).header("Authorization", authorization);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return procgate.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
