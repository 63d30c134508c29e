package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record-search API on Payara Micro with the real RAR, WAR and Python programs, over HTTP on
 * loopback: the same answers from the FastCGI worker, the CGI script and JDBC; lookups by id;
 * validation; the OpenAPI document; the hello pair the benchmark compares.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SearchIT {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final List<String> VIAS = List.of("direct", "fastcgi", "cgi");

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

    /** Texts whose case folding or escaping is easy to get different on two sides. */
    static Stream<Arguments> queries() {
        return Stream.of(
                "q=smith", "q=SMITH", "", "q=o'brien", "q=%C3%BC", "q=%25", "q=_", "q=%5C", "q=%C3%9F", "q=%C4%B0",
                "q=%C3%98", "q=zzzz-no-such-name", "q=%22", "q=Ann&match=prefix", "q=ann&match=prefix&country=DE,at",
                "country=IE&country=GB&sort=-born", "q=example.net&field=email", "q=o%27&field=name&match=substring",
                "q=m%C3%BCn&field=city", "q=s&field=city&match=prefix&sort=name&offset=20",
                "q=jam&match=prefix&country=us&sort=name", "q=ann&match=prefix&country=AT&sort=-name&offset=3",
                "born_from=1980-01-01&born_to=1980-12-31&sort=born", "q=a&sort=-name&limit=100",
                "q=e&born_to=1950-06-30&sort=-id&country=us")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("queries")
    void everyPathReturnsTheSameRecords(String query) {
        String base = "api/records?limit=50&" + query;
        Map<String, Object> direct = ok(base + "&via=direct");
        for (String via : List.of("fastcgi", "cgi")) {
            Map<String, Object> other = ok(base + "&via=" + via);
            assertThat(other.get("via")).isEqualTo(via);
            assertThat(other.get("query")).isEqualTo(direct.get("query"));
            assertThat(other.get("total")).as(via + " total for " + query).isEqualTo(direct.get("total"));
            assertThat(other.get("items")).as(via + " items for " + query).isEqualTo(direct.get("items"));
        }
    }

    @Test
    void matchesAreCaseInsensitiveAndFiltered() {
        Map<String, Object> result = ok("api/records?q=ANN&match=prefix&country=de&country=AT&limit=100&via=fastcgi");
        assertThat(total(result)).isPositive();
        assertThat(items(result)).allSatisfy(item -> {
            assertThat(((String) item.get("name")).toLowerCase()).startsWith("ann");
            assertThat(item.get("country")).isIn("DE", "AT");
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> applied = (Map<String, Object>) result.get("query");
        assertThat(applied).containsEntry("country", List.of("DE", "AT")).containsEntry("match", "prefix");
    }

    @Test
    void wildcardsMatchThemselves() {
        assertThat(total(ok("api/records?q=%25&via=direct"))).isZero();
        assertThat(total(ok("api/records?q=_&via=direct"))).isZero();
    }

    @Test
    void pagingWalksOneStableOrder() {
        List<Map<String, Object>> all = items(ok("api/records?q=a&sort=name&limit=30&via=direct"));
        List<Map<String, Object>> second = items(ok("api/records?q=a&sort=name&limit=10&offset=10&via=fastcgi"));
        assertThat(second).isEqualTo(all.subList(10, 20));
        List<String> names = all.stream().map(item -> ((String) item.get("name")).toLowerCase()).toList();
        assertThat(names).isSorted();
    }

    @Test
    void totalCountsEveryMatchNotJustThePage() {
        Map<String, Object> result = ok("api/records?limit=1&via=direct");
        assertThat(total(result)).isEqualTo(5000);
        assertThat(items(result)).hasSize(1);
    }

    @Test
    void oneRecordByIdOnEveryPath() {
        Map<String, Object> fromSearch = items(ok("api/records?limit=1&offset=41&via=direct")).get(0);
        Object id = fromSearch.get("id");
        for (String via : VIAS) {
            assertThat(ok("api/records/" + id + "?via=" + via)).as(via).isEqualTo(fromSearch);
        }
    }

    @Test
    void anUnknownIdIs404OnEveryPath() {
        for (String via : VIAS) {
            HttpResponse<String> response = http.get("api/records/999999?via=" + via);
            assertThat(response.statusCode()).as(via + ": " + response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=abc", "limit=0", "offset=-1", "via=carrier-pigeon", "field=phone", "match=regex",
            "country=DEU", "country=de,x", "born_from=2020-02-30", "born_to=31.12.1999", "sort=city", "q=a%00b"})
    void invalidParametersAre400ProblemsNamingTheField(String query) {
        String field = query.substring(0, query.indexOf('='));
        HttpResponse<String> response = http.get("api/records?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").toString()).as(response.body()).startsWith(field + ": ");
    }

    @Test
    void aTooLongQueryAndTooManyCountriesAre400sSayingSo() {
        assertThat(json(http.get("api/records?q=" + "a".repeat(201))).get("detail"))
                .isEqualTo("q: must be at most 200 characters");
        assertThat(json(http.get("api/records?q=" + "a".repeat(200) + "&via=direct")).get("total")).isNotNull();
        assertThat(json(http.get("api/records?country=" + String.join("&country=", java.util.Collections.nCopies(31, "de"))))
                .get("detail")).isEqualTo("country: must be given at most 30 times");
    }

    @Test
    void anInvalidIdIs400NamingIt() {
        HttpResponse<String> response = http.get("api/records/abc");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").toString()).startsWith("id: ");
    }

    @Test
    void theOpenApiDocumentDescribesTheSearch() {
        HttpResponse<String> response = new Http("http://127.0.0.1:" + url.getPort() + "/").get("openapi",
                "Accept", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/api/records").contains("/api/records/{id}").contains("/api/hello")
                .contains("born_from").contains("Search the records");
    }

    @Test
    void helloFromJaxRsAndFromAFastCgiWorkerAreTheSame() {
        HttpResponse<String> jaxrs = http.get("api/hello");
        HttpResponse<String> perl = http.get("fcgi/hello/");
        HttpResponse<String> python = http.get("fcgi/hello-python/");
        assertThat(jaxrs.statusCode()).isEqualTo(200);
        assertThat(perl.statusCode()).isEqualTo(200);
        assertThat(python.statusCode()).isEqualTo(200);
        assertThat(perl.body()).isEqualTo(python.body()).isEqualTo(jaxrs.body()).isEqualTo("Hello, world\n");
        assertThat(perl.headers().firstValue("Content-Type")).isEqualTo(jaxrs.headers().firstValue("Content-Type"));
    }

    @Test
    void theSearchPageIsServed() {
        HttpResponse<String> response = http.get("");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<form id=\"search\"").contains("api/records");
    }

    private Map<String, Object> ok(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response);
    }

    private static long total(Map<String, Object> result) {
        return ((Number) result.get("total")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("items");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("json"));
        return JSON.fromJson(response.body(), Map.class);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
