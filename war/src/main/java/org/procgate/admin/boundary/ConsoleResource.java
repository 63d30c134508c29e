package org.procgate.admin.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.procgate.admin.control.PoolFeed;

/**
 * {@code /admin/}: the pool-monitoring console, its live feed at {@code /admin/api/events}, and the
 * charting library it draws with at {@code /admin/lib/}, all behind the operator's guard.
 */
@Path("admin")
public class ConsoleResource {

    /** uPlot's files, from its webjar in WEB-INF/lib (served here: the JAX-RS application owns every path). */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";
    private static final Map<String, String> LIBRARY = Map.of(
            "uPlot.iife.min.js", "text/javascript;charset=utf-8",
            "uPlot.min.css", "text/css;charset=utf-8");

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

    @GET
    @Path("lib/{file}")
    public Response library(@PathParam("file") String file) {
        String type = LIBRARY.get(file);
        InputStream content = type == null ? null : ConsoleResource.class.getClassLoader().getResourceAsStream(UPLOT + file);
        if (content == null) {
            throw new NotFoundException("no console library file " + file);
        }
        return Response.ok(content, type).header(HttpHeaders.CACHE_CONTROL, "private, max-age=86400").build();
    }

    private static String webjarVersion(String name) {
        Properties pom = new Properties();
        try (InputStream in = ConsoleResource.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            if (in != null) {
                pom.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of webjar " + name, e);
        }
        return pom.getProperty("version", "missing");
    }
}
