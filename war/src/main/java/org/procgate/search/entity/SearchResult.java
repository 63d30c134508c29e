package org.procgate.search.entity;

import java.util.List;

/** The search API's answer; the same whichever way the search ran, except {@code via}. */
public record SearchResult(String query, String via, int limit, int offset, long total, List<Record> items) {

    public static SearchResult of(SearchQuery query, Via via, SearchPage page) {
        return new SearchResult(query.q(), via.wireName(), query.limit(), query.offset(), page.total(), page.items());
    }
}
