package org.procgate.search.entity;

import java.util.List;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The search as it was understood, defaults filled in, in the API's own parameter names. */
@JsonbPropertyOrder({"q", "field", "match", "country", "born_from", "born_to", "sort"})
public record AppliedQuery(String q, String field, String match, List<String> country,
                           @JsonbProperty("born_from") String bornFrom,
                           @JsonbProperty("born_to") String bornTo,
                           String sort) {

    public static AppliedQuery of(SearchQuery query) {
        return new AppliedQuery(query.q(), query.field().wireName(), query.match().wireName(), query.countries(),
                query.bornFrom() == null ? null : query.bornFrom().toString(),
                query.bornTo() == null ? null : query.bornTo().toString(),
                query.sort().wireName());
    }
}
