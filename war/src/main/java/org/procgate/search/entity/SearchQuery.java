package org.procgate.search.entity;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A validated search.
 *
 * @param q         text to find, case-insensitively; empty matches every record
 * @param field     the field {@code q} is matched against
 * @param match     anywhere in the field, or at its start
 * @param countries ISO 3166 alpha-2 codes, upper case; empty means any country
 * @param bornFrom  earliest birth date, inclusive, or null
 * @param bornTo    latest birth date, inclusive, or null
 * @param sort      the order of the results
 * @param limit     page size
 * @param offset    records skipped before the page
 */
public record SearchQuery(String q, SearchField field, MatchMode match, List<String> countries,
                          LocalDate bornFrom, LocalDate bornTo, SortOrder sort, int limit, int offset) {

    public SearchQuery {
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(sort, "sort");
        countries = List.copyOf(countries);
    }

    /** A name substring search in id order: the defaults of every other parameter. */
    public static SearchQuery byName(String q, int limit, int offset) {
        return new SearchQuery(q, SearchField.NAME, MatchMode.SUBSTRING, List.of(), null, null, SortOrder.ID, limit, offset);
    }
}
