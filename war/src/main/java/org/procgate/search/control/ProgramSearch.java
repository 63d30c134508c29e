package org.procgate.search.control;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.gateway.control.ProgramCall;
import org.procgate.search.entity.SearchPage;
import org.procgate.search.entity.SearchQuery;

/**
 * The search run by a program: the Python search worker in a FastCGI pool, or the same search
 * as a CGI script. The program's JSON is read back and checked, so every path answers alike.
 */
@ApplicationScoped
public class ProgramSearch {

    static final String FASTCGI_POOL = System.getProperty("procgate.search.fastcgiPool", "search");
    static final String CGI_POOL = System.getProperty("procgate.search.cgiPool", "cgi-bin");
    static final String CGI_SCRIPT = System.getProperty("procgate.search.cgiScript", "search.py");

    private final Jsonb jsonb = JsonbBuilder.create();

    @Inject
    ProgramCall call;

    public SearchPage viaFastCgi(SearchQuery query) throws ProgramException {
        return read(call.run(FASTCGI_POOL, request(query, "/api/records", "")), FASTCGI_POOL);
    }

    public SearchPage viaCgi(SearchQuery query) throws ProgramException {
        return read(call.run(CGI_POOL, request(query, "/cgi-bin", "/" + CGI_SCRIPT)), CGI_POOL);
    }

    private static ProgramRequest request(SearchQuery query, String scriptName, String pathInfo) {
        String queryString = "q=" + URLEncoder.encode(query.q(), StandardCharsets.UTF_8)
                + "&limit=" + query.limit() + "&offset=" + query.offset();
        return ProgramRequest.builder("GET", scriptName).pathInfo(pathInfo).queryString(queryString)
                .header("Accept", "application/json").build();
    }

    private SearchPage read(ProgramResponse response, String pool) throws ProgramException {
        if (response.status() != 200) {
            throw new ProgramException(Failure.PROTOCOL_ERROR, "the search program in pool " + pool + " answered "
                    + response.status() + ": " + abbreviate(response.bodyText()));
        }
        try {
            SearchPage page = jsonb.fromJson(response.bodyText(), SearchPage.class);
            if (page == null) {
                throw new JsonbException("empty answer");
            }
            return page;
        } catch (JsonbException e) {
            throw new ProgramException(Failure.PROTOCOL_ERROR, "the search program in pool " + pool
                    + " answered something that is not a search result: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
