package org.procgate.search.entity;

import java.util.List;

/** What a search program answers: the matches on this page and how many there are in all. */
public record SearchPage(long total, List<Record> items) {

    public SearchPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
