package org.procgate.search.boundary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.procgate.search.entity.MatchMode;
import org.procgate.search.entity.SearchField;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SortOrder;

/**
 * The rules for the query parameters of {@code GET /api/records}, applied to each as text
 * ({@link RecordsResource#search} carries them as constraints, so a bad value is a 400 naming the
 * parameter and the reason, never a 404 or a 500 from a failed conversion), and the conversion of
 * the validated text into a {@link SearchQuery}.
 * <p>
 * They are method parameters rather than a {@code @BeanParam} class: Jersey builds a bean
 * parameter through HK2 injection on every request, about 120 µs of CPU.
 */
final class SearchParameters {

    static final int MAX_COUNTRIES = 30;
    static final String Q_LENGTH = "must be at most 200 characters";
    static final String Q_PATTERN = "[^\\x00]*";
    static final String Q_MESSAGE = "must not contain NUL characters";
    static final String FIELD_PATTERN = "name|email|city";
    static final String FIELD_MESSAGE = "must be name, email or city";
    static final String MATCH_PATTERN = "substring|prefix";
    static final String MATCH_MESSAGE = "must be substring or prefix";
    static final String COUNTRY_COUNT = "must be given at most " + MAX_COUNTRIES + " times";
    static final String COUNTRY_PATTERN = "[A-Za-z]{2}(,[A-Za-z]{2})*";
    static final String COUNTRY_MESSAGE = "must be two-letter country codes, separated by commas";
    static final String SORT_MESSAGE = "must be id, name or born, optionally preceded by - for descending";
    static final String LIMIT_PATTERN = "[1-9][0-9]?|100";
    static final String LIMIT_MESSAGE = "must be an integer between 1 and 100";
    static final String OFFSET_PATTERN = "0|[1-9][0-9]{0,5}|1000000";
    static final String OFFSET_MESSAGE = "must be an integer between 0 and 1000000";

    private SearchParameters() {
    }

    /** The validated parameters as a query; call only after validation passed. */
    static SearchQuery toQuery(String q, String field, String match, List<String> country, String bornFrom,
                               String bornTo, String sort, String limit, String offset) {
        return new SearchQuery(q, SearchField.parse(field), MatchMode.parse(match), countries(country),
                date(bornFrom), date(bornTo), SortOrder.parse(sort), Integer.parseInt(limit), Integer.parseInt(offset));
    }

    /** Upper case, in the order first given, each once. */
    private static List<String> countries(List<String> country) {
        if (country == null) {
            return List.of();
        }
        Set<String> codes = new LinkedHashSet<>();
        for (String value : country) {
            Arrays.stream(value.split(",")).map(code -> code.toUpperCase(Locale.ROOT)).forEach(codes::add);
        }
        return new ArrayList<>(codes);
    }

    private static LocalDate date(String text) {
        return text == null || text.isEmpty() ? null : LocalDate.parse(text);
    }
}
