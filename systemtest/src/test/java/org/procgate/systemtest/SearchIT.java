package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.systemtest.server.ServerUnderTest;

/**
 * The record search through a FastCGI worker, a CGI script and plain JDBC: one answer, whatever the
 * path, for texts whose case folding or escaping is easy to get different on two sides; lookups by
 * id; validation; the OpenAPI document; the hello pair the benchmark compares.
 */
@SystemTest
class SearchIT {

    private static final List<String> VIAS = List.of("direct", "fastcgi", "cgi");

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
    void everyPathGivesTheSameRecords(String query, Procgate procgate) {
        String base = "limit=50&" + query;
        Map<String, Object> direct = procgate.search(base + "&via=direct");
        assertThat(direct).containsEntry("via", "direct");
        // the answer echoes the search as understood, defaults filled in
        assertThat(((Map<?, ?>) direct.get("query")).get("q")).isEqualTo(q(query));
        for (String via : List.of("fastcgi", "cgi")) {
            Map<String, Object> other = procgate.search(base + "&via=" + via);
            assertThat(other.get("via")).isEqualTo(via);
            assertThat(other.get("query")).isEqualTo(direct.get("query"));
            assertThat(other.get("total")).as(via + " total for " + query).isEqualTo(direct.get("total"));
            assertThat(other.get("items")).as(via + " items for " + query).isEqualTo(direct.get("items"));
        }
    }

    /** The q parameter of a query string, decoded; empty when there is none. */
    private static String q(String query) {
        return Stream.of(query.split("&")).filter(parameter -> parameter.startsWith("q=")).findFirst()
                .map(parameter -> URLDecoder.decode(parameter.substring(2), StandardCharsets.UTF_8)).orElse("");
    }

    @Test
    void aPythonWorkerFindsSmith(Procgate procgate) {
        Map<String, Object> result = procgate.search("q=smith&via=fastcgi");
        assertThat(((Number) result.get("total")).longValue()).isPositive();
        List<Map<String, Object>> items = items(result);
        assertThat(items).isNotEmpty().allSatisfy(item ->
                assertThat(((String) item.get("name")).toLowerCase()).contains("smith"));
        assertThat(items.get(0)).containsKeys("id", "name", "email", "city", "country", "born");
    }

    @Test
    void pagesOfDifferentPathsLineUp(Procgate procgate) {
        Map<String, Object> firstTen = procgate.search("q=smith&limit=10&via=direct");
        Map<String, Object> secondFive = procgate.search("q=smith&limit=5&offset=5&via=cgi");
        assertThat(secondFive.get("items")).isEqualTo(items(firstTen).subList(5, 10));
    }

    @Test
    void matchesAreCaseInsensitiveAndFiltered(Procgate procgate) {
        Map<String, Object> result = procgate.search("q=ANN&match=prefix&country=de&country=AT&limit=100&via=fastcgi");
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
    void wildcardsMatchThemselves(Procgate procgate) {
        assertThat(total(procgate.search("q=%25&via=direct"))).isZero();
        assertThat(total(procgate.search("q=_&via=direct"))).isZero();
    }

    @Test
    void pagingWalksOneStableOrder(Procgate procgate) {
        List<Map<String, Object>> all = items(procgate.search("q=a&sort=name&limit=30&via=direct"));
        List<Map<String, Object>> second = items(procgate.search("q=a&sort=name&limit=10&offset=10&via=fastcgi"));
        assertThat(second).isEqualTo(all.subList(10, 20));
        List<String> names = all.stream().map(item -> ((String) item.get("name")).toLowerCase()).toList();
        assertThat(names).isSorted();
    }

    @Test
    void totalCountsEveryMatchNotJustThePage(Procgate procgate) {
        Map<String, Object> result = procgate.search("limit=1&via=direct");
        assertThat(total(result)).isEqualTo(5000);
        assertThat(items(result)).hasSize(1);
    }

    @Test
    void oneRecordByIdOnEveryPath(Procgate procgate) {
        Map<String, Object> fromSearch = items(procgate.search("limit=1&offset=41&via=direct")).get(0);
        Object id = fromSearch.get("id");
        for (String via : VIAS) {
            HttpResponse<String> response = procgate.get("api/records/" + id + "?via=" + via);
            assertThat(response.statusCode()).as(via + ": " + response.body()).isEqualTo(200);
            assertThat(Procgate.jsonAnswer(response)).as(via).isEqualTo(fromSearch);
        }
    }

    @Test
    void anUnknownIdIs404OnEveryPath(Procgate procgate) {
        for (String via : VIAS) {
            Procgate.problem(procgate.get("api/records/999999?via=" + via), 404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=abc", "limit=0", "offset=-1", "via=carrier-pigeon", "field=phone", "match=regex",
            "country=DEU", "country=de,x", "born_from=2020-02-30", "born_to=31.12.1999", "sort=city", "q=a%00b"})
    void invalidParametersAre400ProblemsNamingTheField(String query, Procgate procgate) {
        String field = query.substring(0, query.indexOf('='));
        HttpResponse<String> response = procgate.get("api/records?" + query);
        assertThat(Procgate.problem(response, 400).get("detail").toString()).as(response.body()).startsWith(field + ": ");
    }

    @Test
    void aTooLongQueryAndTooManyCountriesAre400sSayingSo(Procgate procgate) {
        assertThat(Procgate.jsonAnswer(procgate.get("api/records?q=" + "a".repeat(201))).get("detail"))
                .isEqualTo("q: must be at most 200 characters");
        assertThat(Procgate.jsonAnswer(procgate.get("api/records?q=" + "a".repeat(200) + "&via=direct")).get("total")).isNotNull();
        assertThat(Procgate.jsonAnswer(procgate.get("api/records?country=" + String.join("&country=", Collections.nCopies(31, "de"))))
                .get("detail")).isEqualTo("country: must be given at most 30 times");
    }

    @Test
    void anInvalidIdIs400NamingIt(Procgate procgate) {
        HttpResponse<String> response = procgate.get("api/records/abc");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Procgate.jsonAnswer(response).get("detail").toString()).startsWith("id: ");
    }

    @Test
    void theOpenApiDocumentDescribesTheSearch(Procgate procgate, ServerUnderTest server) {
        // MicroProfile OpenAPI at the server's root: only the Payara servers of the matrix have MicroProfile
        Assumptions.assumeTrue(server.hasMicroProfile(), "this server has no MicroProfile OpenAPI");
        HttpResponse<String> response = procgate.serverRoot().get("openapi", "Accept", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/api/records").contains("/api/records/{id}").contains("/api/hello")
                .contains("born_from").contains("Search the records");
    }

    @Test
    void helloFromJaxRsAndFromAFastCgiWorkerAreTheSame(Procgate procgate) {
        HttpResponse<String> jaxrs = procgate.get("api/hello");
        HttpResponse<String> perl = procgate.get("fcgi/hello/");
        HttpResponse<String> python = procgate.get("fcgi/hello-python/");
        assertThat(jaxrs.statusCode()).isEqualTo(200);
        assertThat(perl.statusCode()).isEqualTo(200);
        assertThat(python.statusCode()).isEqualTo(200);
        assertThat(perl.body()).isEqualTo(python.body()).isEqualTo(jaxrs.body()).isEqualTo("Hello, world\n");
        assertThat(perl.headers().firstValue("Content-Type")).isEqualTo(jaxrs.headers().firstValue("Content-Type"));
    }

    @Test
    void theSearchPageIsServed(Procgate procgate) {
        var response = procgate.get("");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<form id=\"search\"").contains("api/records");
    }

    private static long total(Map<String, Object> result) {
        return ((Number) result.get("total")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("items");
    }
}
