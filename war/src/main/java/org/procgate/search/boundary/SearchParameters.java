package org.procgate.search.boundary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

import org.procgate.search.entity.MatchMode;
import org.procgate.search.entity.SearchField;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SortOrder;

/**
 * The query parameters of {@code GET /api/records}, each validated as text first: a bad value is
 * a 400 naming the parameter and the reason, never a 404 or a 500 from a failed conversion.
 * Their OpenAPI descriptions are on {@link RecordsResource#search}: Payara's OpenAPI cannot read
 * {@code @Parameter} on the fields of a {@code @BeanParam} class.
 */
public class SearchParameters {

    static final int MAX_COUNTRIES = 30;

    @QueryParam("q")
    @DefaultValue("")
    @Size(max = 200, message = "must be at most 200 characters")
    @Pattern(regexp = "[^\\x00]*", message = "must not contain NUL characters")
    String q;

    @QueryParam("field")
    @DefaultValue("name")
    @Pattern(regexp = "name|email|city", message = "must be name, email or city")
    String field;

    @QueryParam("match")
    @DefaultValue("substring")
    @Pattern(regexp = "substring|prefix", message = "must be substring or prefix")
    String match;

    @QueryParam("country")
    @Size(max = MAX_COUNTRIES, message = "must be given at most " + MAX_COUNTRIES + " times")
    List<@Pattern(regexp = "[A-Za-z]{2}(,[A-Za-z]{2})*",
            message = "must be two-letter country codes, separated by commas") String> country;

    @QueryParam("born_from")
    @IsoDate
    String bornFrom;

    @QueryParam("born_to")
    @IsoDate
    String bornTo;

    @QueryParam("sort")
    @DefaultValue("id")
    @Pattern(regexp = SortOrder.WIRE_PATTERN, message = "must be id, name or born, optionally preceded by - for descending")
    String sort;

    @QueryParam("limit")
    @DefaultValue("20")
    @Pattern(regexp = "[1-9][0-9]?|100", message = "must be an integer between 1 and 100")
    String limit;

    @QueryParam("offset")
    @DefaultValue("0")
    @Pattern(regexp = "0|[1-9][0-9]{0,5}|1000000", message = "must be an integer between 0 and 1000000")
    String offset;

    /** The validated parameters as a query; call only after validation passed. */
    SearchQuery toQuery() {
        return new SearchQuery(q, SearchField.parse(field), MatchMode.parse(match), countries(),
                date(bornFrom), date(bornTo), SortOrder.parse(sort), Integer.parseInt(limit), Integer.parseInt(offset));
    }

    /** Upper case, in the order first given, each once. */
    private List<String> countries() {
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
