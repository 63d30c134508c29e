package org.procgate.search.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.junit.jupiter.api.Test;
import org.procgate.search.entity.MatchMode;
import org.procgate.search.entity.PageJson;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchField;
import org.procgate.search.entity.SearchPage;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SearchResult;
import org.procgate.search.entity.SortOrder;
import org.procgate.search.entity.Via;

class SearchResultJsonTest {

    private final SearchResultJson json = new SearchResultJson();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final SearchQuery query = new SearchQuery("ann", SearchField.NAME, MatchMode.PREFIX, List.of("DE", "AT"),
            LocalDate.of(1980, 1, 1), null, SortOrder.NAME, 2, 40);
    private final SearchPage page = new SearchPage(1234, List.of(
            new Record(7, "Änne \"Q\" Müller", null, "Wien", "AT", LocalDate.of(1990, 2, 3)),
            new Record(8, "Anna", "anna@example.org", null, "DE", null)));

    @Test
    void writesWhatTheSearchResultTypeDescribesInItsOrder() {
        String text = json.write(query, Via.DIRECT, json.written(page));

        assertThat(text).isEqualTo(jsonb.toJson(SearchResult.of(query, Via.DIRECT, page)));
    }

    @Test
    void carriesAProgramsItemsUnchanged() {
        String items = "[ {\"name\":\"Anna\",\"id\":8} ]";

        String text = json.write(query, Via.FASTCGI, new PageJson(1, items, 1));

        assertThat(text).contains("\"via\":\"fastcgi\",\"total\":1,\"limit\":2,\"offset\":40,\"items\":" + items + "}");
        assertThat(jsonb.fromJson(text, SearchResult.class).items()).containsExactly(new Record(8, "Anna", null, null, null, null));
    }
}
