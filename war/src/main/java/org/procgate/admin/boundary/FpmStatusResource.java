package org.procgate.admin.boundary;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.procgate.admin.control.FpmStatus;
import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.connector.api.ProgramException;

/**
 * {@code GET /admin/fpm-status/{pool}[?json|?openmetrics][&full]}: the pool's status as PHP-FPM's
 * status page gives it, for monitoring tools made for PHP-FPM (as the console's users, HTTP Basic).
 */
@Path("admin/fpm-status/{pool}")
public class FpmStatusResource {

    @Inject
    PoolAdministrationLocator locator;

    @Context
    UriInfo uri;

    @GET
    public Response status(@PathParam("pool") String pool) throws ProgramException {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        FpmStatus.Format format = query.containsKey("json") ? FpmStatus.Format.JSON
                : query.containsKey("openmetrics") ? FpmStatus.Format.OPENMETRICS : FpmStatus.Format.TEXT;
        boolean full = query.containsKey("full");
        var status = full ? locator.administration().pool(pool) : locator.administration().summary(pool);
        String body = FpmStatus.of(status, format, full, Instant.now());
        // as PHP-FPM's: never cached
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, format.contentType())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, must-revalidate, max-age=0")
                .header(HttpHeaders.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT").build();
    }
}
