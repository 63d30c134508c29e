package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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

/**
 * The real RAR and WAR on Payara Micro, called over HTTP on loopback: both gateways and the
 * error mapping. The search API has its own test, {@code SearchIT}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProcgateIT {

    private static final Jsonb JSON = JsonbBuilder.create();

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

    @Test
    void theSeedsCgiTestScriptRuns() {
        HttpResponse<String> response = http.get("cgi-bin/test.py");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(response.body()).isEqualTo("This is a test\n");
    }

    @Test
    void theSeedsFastCgiEnvironmentAppRuns() {
        HttpResponse<String> response = http.get("fcgi/env/some/path?x=%3Cb%3E", "Proxy", "http://evil.example");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String body = response.body();
        assertThat(body).startsWith("<h1>FastCGI Environment</h1>");
        assertThat(body).contains("<tr><th>PATH_INFO</th><td>/some/path</td></tr>");
        assertThat(body).contains("<tr><th>QUERY_STRING</th><td>x=%3Cb%3E</td></tr>");
        assertThat(body).contains("<tr><th>SCRIPT_NAME</th><td>" + url.getPath().replaceAll("/$", "") + "/fcgi/env</td></tr>");
        assertThat(body).doesNotContain("HTTP_PROXY").doesNotContain("evil.example");
    }

    @Test
    void cgiScriptsGetBodyAndPathInfo() {
        HttpResponse<String> response = http.send("POST", "cgi/test-cgi/echo.sh/a/b", "hello body", "Proxy", "x");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("hello body");
        assertThat(response.headers().firstValue("X-Path-Info")).hasValue("/a/b");
        assertThat(response.headers().firstValue("X-Method")).hasValue("POST");
        assertThat(response.headers().firstValue("X-Proxy")).hasValue("none");
    }

    @Test
    void failuresMapToProblems() {
        assertThat(http.get("fcgi/no-such-pool/x").statusCode()).isEqualTo(404);
        assertThat(http.get("cgi-bin/no-such-script.py").statusCode()).isEqualTo(404);
        assertThat(http.get("cgi-bin/../config/procgate-resources.xml").statusCode()).isIn(400, 404);
        assertThat(http.get("cgi/test-cgi/broken.sh").statusCode()).isEqualTo(502);
        assertThat(http.send("POST", "cgi/test-cgi/echo.sh", "x".repeat(1001)).statusCode()).isEqualTo(413);

        HttpResponse<String> timeout = http.get("cgi/test-cgi/sleep.sh?20");
        assertThat(timeout.statusCode()).isEqualTo(504);
        assertThat(timeout.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void anExhaustedPoolAnswers503WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> busy = CompletableFuture.supplyAsync(() -> http.get("cgi/test-cgi/sleep.sh?1"));
        Thread.sleep(300);
        HttpResponse<String> refused = http.get("cgi/test-cgi/sleep.sh?1");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(busy.get().statusCode()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("json"));
        return JSON.fromJson(response.body(), Map.class);
    }
}
