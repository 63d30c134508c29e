package org.procgate.search.entity;

import java.util.List;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The search API's answer; the same whichever way the search ran, except {@code via}. Written as
 * text by {@code SearchResultJson}, which keeps to this type's members and order.
 *
 * @param total how many records match in all; {@code items} is one page of them
 */
@JsonbPropertyOrder({"query", "via", "total", "limit", "offset", "items"})
public record SearchResult(AppliedQuery query, String via, long total, int limit, int offset, List<Record> items) {

    public static SearchResult of(SearchQuery query, Via via, SearchPage page) {
        return new SearchResult(AppliedQuery.of(query), via.wireName(), page.total(), query.limit(), query.offset(),
                page.items());
    }
}
