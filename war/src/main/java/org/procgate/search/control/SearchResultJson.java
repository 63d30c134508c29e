package org.procgate.search.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.procgate.search.entity.AppliedQuery;
import org.procgate.search.entity.PageJson;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchPage;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SearchResult;
import org.procgate.search.entity.Via;

/**
 * The search API's answer as JSON text: the members of {@link SearchResult}, in its order, around
 * items that are JSON already. A program's records are passed on as it wrote them, not bound to
 * objects and written again; the JDBC path's records are written here.
 */
@ApplicationScoped
public class SearchResultJson {

    private final Jsonb jsonb = JsonbBuilder.create();

    public String write(SearchQuery query, Via via, PageJson page) {
        return new StringBuilder(page.itemsJson().length() + 256)
                .append("{\"query\":").append(jsonb.toJson(AppliedQuery.of(query)))
                .append(",\"via\":\"").append(via.wireName()).append('"')
                .append(",\"total\":").append(page.total())
                .append(",\"limit\":").append(query.limit())
                .append(",\"offset\":").append(query.offset())
                .append(",\"items\":").append(page.itemsJson())
                .append('}').toString();
    }

    /** One record, written by JSON-B on every server (some would otherwise pick another JSON library, with other dates). */
    public String write(Record record) {
        return jsonb.toJson(record);
    }

    public PageJson written(SearchPage page) {
        return new PageJson(page.total(), jsonb.toJson(page.items()), page.items().size());
    }
}
