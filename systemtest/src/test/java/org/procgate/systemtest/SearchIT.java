package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The record search through a FastCGI worker, a CGI script and plain JDBC: one answer, whatever the path. */
@SystemTest
class SearchIT {

    @ParameterizedTest
    @ValueSource(strings = {"smith", "SMITH", "", "o'brien", "ü", "%", "_", "zzzz-no-such-name"})
    void everyPathGivesTheSameRecords(String q, Procgate procgate) {
        String query = "limit=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        Map<String, Object> direct = procgate.search(query + "&via=direct");
        assertThat(direct).containsEntry("via", "direct");
        // the answer echoes the search as understood, defaults filled in
        assertThat(((Map<?, ?>) direct.get("query")).get("q")).isEqualTo(q);
        for (String via : List.of("fastcgi", "cgi")) {
            Map<String, Object> other = procgate.search(query + "&via=" + via);
            assertThat(other.get("via")).isEqualTo(via);
            assertThat(other.get("total")).as(via).isEqualTo(direct.get("total"));
            assertThat(other.get("items")).as(via).isEqualTo(direct.get("items"));
        }
    }

    @Test
    void aPythonWorkerFindsSmith(Procgate procgate) {
        Map<String, Object> result = procgate.search("q=smith&via=fastcgi");
        assertThat(((Number) result.get("total")).longValue()).isPositive();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) result.get("items");
        assertThat(items).isNotEmpty().allSatisfy(item ->
                assertThat(((String) item.get("name")).toLowerCase()).contains("smith"));
        assertThat(items.get(0)).containsKeys("id", "name", "email", "city", "country", "born");
    }

    @Test
    void pagesOfDifferentPathsLineUp(Procgate procgate) {
        Map<String, Object> firstTen = procgate.search("q=smith&limit=10&via=direct");
        Map<String, Object> secondFive = procgate.search("q=smith&limit=5&offset=5&via=cgi");
        @SuppressWarnings("unchecked")
        List<Object> items = (List<Object>) firstTen.get("items");
        assertThat(secondFive.get("items")).isEqualTo(items.subList(5, 10));
    }

    @Test
    void theSearchPageIsServed(Procgate procgate) {
        var response = procgate.get("");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<form id=\"search\"").contains("api/records");
    }
}
