package org.procgate.admin.boundary;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.procgate.admin.control.PoolFeed;

/** {@code /admin/}: the pool-monitoring console, and its live feed at {@code /admin/api/events}. */
@Path("admin")
public class ConsoleResource {

    @Inject
    PoolFeed feed;

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public InputStream console() {
        InputStream page = ConsoleResource.class.getResourceAsStream("console.html");
        if (page == null) {
            throw new NotFoundException("console page missing from the application");
        }
        return page;
    }

    @GET
    @Path("api/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        feed.subscribe(sink, sse);
    }
}
