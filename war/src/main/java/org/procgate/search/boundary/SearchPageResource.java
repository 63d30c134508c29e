package org.procgate.search.boundary;

import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /}: the search page (a form, the results as a table, paging). */
// one instance for all requests: a resource created per request through CDI costs more than the answer
@ApplicationScoped
@Path("")
public class SearchPageResource {

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public InputStream page() {
        InputStream page = SearchPageResource.class.getResourceAsStream("search.html");
        if (page == null) {
            throw new NotFoundException("search page missing from the application");
        }
        return page;
    }
}
