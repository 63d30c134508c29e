package org.procgate.search.boundary;

import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.procgate.connector.api.ProgramException;
import org.procgate.search.control.RecordSearch;
import org.procgate.search.entity.SearchQuery;
import org.procgate.search.entity.SearchResult;
import org.procgate.search.entity.Via;

/** {@code GET /api/records?q=&limit=&offset=&via=fastcgi|cgi|direct}: search the records directory. */
@Path("api/records")
public class RecordsResource {

    @Inject
    RecordSearch search;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SearchResult search(
            @QueryParam("q") @DefaultValue("") @Size(max = 200, message = "must be at most 200 characters") String q,
            @QueryParam("limit") @DefaultValue("20")
            @Pattern(regexp = "[1-9][0-9]?|100", message = "must be an integer between 1 and 100") String limit,
            @QueryParam("offset") @DefaultValue("0")
            @Pattern(regexp = "0|[1-9][0-9]{0,5}|1000000", message = "must be an integer between 0 and 1000000") String offset,
            @QueryParam("via") @DefaultValue("fastcgi")
            @Pattern(regexp = "fastcgi|cgi|direct", message = "must be fastcgi, cgi or direct") String via)
            throws ProgramException {
        return search.search(new SearchQuery(q, Integer.parseInt(limit), Integer.parseInt(offset)), Via.parse(via));
    }
}
