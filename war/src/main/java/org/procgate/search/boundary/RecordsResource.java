package org.procgate.search.boundary;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.procgate.connector.api.ProgramException;
import org.procgate.platform.boundary.Problem;
import org.procgate.search.control.RecordSearch;
import org.procgate.search.control.SearchResultJson;
import org.procgate.search.entity.Record;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SearchResult;
import org.procgate.search.entity.SortOrder;
import org.procgate.search.entity.Via;

/**
 * {@code GET /api/records}: search the records directory; {@code GET /api/records/{id}}: one record.
 * One instance for all requests: a resource created per request through CDI costs as much as the
 * rest of a short request.
 */
@ApplicationScoped
@Path("api/records")
@Tag(name = "records", description = "The people directory, searched by a FastCGI worker, a CGI script or plain JDBC")
public class RecordsResource {

    static final String VIA_PATTERN = "fastcgi|cgi|direct";
    static final String VIA_MESSAGE = "must be fastcgi, cgi or direct";
    static final String VIA_DESCRIPTION = "Who runs the query: a Python FastCGI worker (warm, one database connection "
            + "each), a Python CGI script (a process per request) or plain JDBC. The answer is the same.";

    @Inject
    RecordSearch search;

    @Inject
    SearchResultJson json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search the records",
            description = "Case-insensitive match of q on one field, filtered by country and birth date, sorted, "
                    + "one page at a time with the total count.")
    @APIResponse(responseCode = "200", description = "One page of matches",
            content = @Content(schema = @Schema(implementation = SearchResult.class)))
    @APIResponse(responseCode = "400", description = "A parameter is invalid; the detail names it and says why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "The search program failed or answered nonsense",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Every worker stayed busy, or the database is unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String search(
            @QueryParam("q") @DefaultValue("") @AtMost(value = 200, message = SearchParameters.Q_LENGTH)
            @Pattern(regexp = SearchParameters.Q_PATTERN, message = SearchParameters.Q_MESSAGE)
            @Parameter(example = "smith", description = "Text to find, case-insensitively, at most 200 characters. "
                    + "Empty matches every record. %, _ and \\ match themselves.")
            String q,
            @QueryParam("field") @DefaultValue("name")
            @Pattern(regexp = SearchParameters.FIELD_PATTERN, message = SearchParameters.FIELD_MESSAGE)
            @Parameter(description = "The field q is matched against.",
                    schema = @Schema(enumeration = {"name", "email", "city"}, defaultValue = "name"))
            String field,
            @QueryParam("match") @DefaultValue("substring")
            @Pattern(regexp = SearchParameters.MATCH_PATTERN, message = SearchParameters.MATCH_MESSAGE)
            @Parameter(description = "substring: q anywhere in the field. prefix: the field starts with q (served by an index).",
                    schema = @Schema(enumeration = {"substring", "prefix"}, defaultValue = "substring"))
            String match,
            @QueryParam("country") @AtMost(value = SearchParameters.MAX_COUNTRIES, message = SearchParameters.COUNTRY_COUNT)
            @Parameter(example = "DE,AT", description = "ISO 3166 alpha-2 country codes, any case; repeat the parameter "
                    + "or separate codes with commas (at most 30). A record matches if it is in any of them.",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
            List<@Pattern(regexp = SearchParameters.COUNTRY_PATTERN, message = SearchParameters.COUNTRY_MESSAGE) String> country,
            @QueryParam("born_from") @IsoDate
            @Parameter(example = "1980-01-01", description = "Earliest birth date, inclusive (YYYY-MM-DD).",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            String bornFrom,
            @QueryParam("born_to") @IsoDate
            @Parameter(example = "1989-12-31", description = "Latest birth date, inclusive (YYYY-MM-DD).",
                    schema = @Schema(type = SchemaType.STRING, format = "date"))
            String bornTo,
            @QueryParam("sort") @DefaultValue("id")
            @Pattern(regexp = SortOrder.WIRE_PATTERN, message = SearchParameters.SORT_MESSAGE)
            @Parameter(description = "Order of the results, - for descending; ties are broken by id, so pages never overlap.",
                    schema = @Schema(enumeration = {"id", "-id", "name", "-name", "born", "-born"}, defaultValue = "id"))
            String sort,
            @QueryParam("limit") @DefaultValue("20")
            @Pattern(regexp = SearchParameters.LIMIT_PATTERN, message = SearchParameters.LIMIT_MESSAGE)
            @Parameter(description = "Page size, 1 to 100.",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "20", minimum = "1", maximum = "100"))
            String limit,
            @QueryParam("offset") @DefaultValue("0")
            @Pattern(regexp = SearchParameters.OFFSET_PATTERN, message = SearchParameters.OFFSET_MESSAGE)
            @Parameter(description = "Records skipped before the page, 0 to 1000000.",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0", maximum = "1000000"))
            String offset,
            @QueryParam("via") @DefaultValue("fastcgi") @Pattern(regexp = VIA_PATTERN, message = VIA_MESSAGE)
            @Parameter(description = VIA_DESCRIPTION, schema = @Schema(enumeration = {"fastcgi", "cgi", "direct"}))
            String via)
            throws ProgramException {
        SearchQuery query = SearchParameters.toQuery(q, field, match, country, bornFrom, bornTo, sort, limit, offset);
        return search.search(query, Via.parse(via));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One record by its id")
    @APIResponse(responseCode = "200", description = "The record",
            content = @Content(schema = @Schema(implementation = Record.class)))
    @APIResponse(responseCode = "400", description = "The id or via is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No record has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String find(
            @PathParam("id") @Pattern(regexp = "[1-9][0-9]{0,17}", message = "must be a positive integer")
            @Parameter(description = "The record's id", schema = @Schema(type = SchemaType.INTEGER))
            String id,
            @QueryParam("via") @DefaultValue("fastcgi") @Pattern(regexp = VIA_PATTERN, message = VIA_MESSAGE)
            @Parameter(description = VIA_DESCRIPTION, schema = @Schema(enumeration = {"fastcgi", "cgi", "direct"}))
            String via)
            throws ProgramException {
        return json.write(search.find(Long.parseLong(id), Via.parse(via))
                .orElseThrow(() -> new NotFoundException("no record has the id " + id)));
    }
}
