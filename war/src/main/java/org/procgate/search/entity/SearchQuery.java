package org.procgate.search.entity;

/** A validated search: substring {@code q} (case-insensitive) on the name, one page of results. */
public record SearchQuery(String q, int limit, int offset) {
}
