package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real RAR and WAR on Payara Micro, called over HTTP on loopback: the search API through
 * all three paths, both gateways, and the error mapping.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProcgateIT {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.create(ZipImporter.class, "procgate.war")
                .importFrom(new File(System.getProperty("procgate.war")))
                .as(WebArchive.class);
    }

    @ArquillianResource
    URL url;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smith", "SMITH", "", "o'brien", "ü", "%", "_", "zzzz-no-such-name"})
    void everyPathReturnsTheSameRecords(String q) {
        String query = "api/records?limit=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        Map<String, Object> direct = json(http.get(query + "&via=direct"));
        Map<String, Object> fastcgi = json(http.get(query + "&via=fastcgi"));
        Map<String, Object> cgi = json(http.get(query + "&via=cgi"));

        assertThat(direct).containsEntry("via", "direct").containsEntry("query", q);
        assertThat(fastcgi.get("via")).isEqualTo("fastcgi");
        assertThat(cgi.get("via")).isEqualTo("cgi");
        for (Map<String, Object> other : List.of(fastcgi, cgi)) {
            assertThat(other.get("total")).isEqualTo(direct.get("total"));
            assertThat(other.get("items")).isEqualTo(direct.get("items"));
        }
    }

    @Test
    void smithIsFoundByAPythonWorker() {
        Map<String, Object> result = json(http.get("api/records?q=smith&via=fastcgi"));
        assertThat(((Number) result.get("total")).longValue()).isPositive();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) result.get("items");
        assertThat(items).isNotEmpty().allSatisfy(item ->
                assertThat(((String) item.get("name")).toLowerCase()).contains("smith"));
        assertThat(items.get(0)).containsKeys("id", "name", "email", "city", "country", "born");
    }

    @Test
    void pagingWalksTheSameOrderedResults() {
        Map<String, Object> all = json(http.get("api/records?q=smith&limit=10&via=direct"));
        Map<String, Object> second = json(http.get("api/records?q=smith&limit=5&offset=5&via=fastcgi"));
        @SuppressWarnings("unchecked")
        List<Object> allItems = (List<Object>) all.get("items");
        assertThat(second.get("items")).isEqualTo(allItems.subList(5, 10));
    }

    @Test
    void invalidParametersAre400ProblemsNamingTheField() {
        HttpResponse<String> response = http.get("api/records?q=x&limit=abc");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").toString()).contains("limit");

        assertThat(http.get("api/records?via=carrier-pigeon").statusCode()).isEqualTo(400);
        assertThat(json(http.get("api/records?offset=-1")).get("detail").toString()).contains("offset");
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

    @Test
    void theSearchPageIsServed() {
        HttpResponse<String> response = http.get("");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<form id=\"search\"").contains("api/records");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("json"));
        return JSON.fromJson(response.body(), Map.class);
    }
}
