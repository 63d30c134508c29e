package org.procgate.admin.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.procgate.admin.control.AdminRole;
import org.procgate.admin.control.PoolFeed;

/**
 * {@code /admin/}: the pool-monitoring console (the page, its script and style, no inline code: the
 * console's Content-Security-Policy runs none), its live feed at {@code /admin/api/events}, who is
 * signed in at {@code /admin/api/session}, and the charting library it draws with at
 * {@code /admin/lib/}, all behind the console's guard.
 */
@Path("admin")
public class ConsoleResource {

    /** uPlot's files, from its webjar in WEB-INF/lib (served here: the JAX-RS application owns every path). */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";
    private static final String SCRIPT = "text/javascript;charset=utf-8";
    private static final String STYLE = "text/css;charset=utf-8";
    private static final Map<String, String> LIBRARY = Map.of("uPlot.iife.min.js", SCRIPT, "uPlot.min.css", STYLE);
    private static final Map<String, String> CONSOLE = Map.of("console.js", SCRIPT, "console.css", STYLE);

    @Inject
    PoolFeed feed;

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response console(@Context UriInfo uri) {
        if (!uri.getRequestUri().getPath().endsWith("/")) {
            // the page names its script and style relative to /admin/
            return Response.seeOther(uri.getRequestUriBuilder().replacePath(uri.getRequestUri().getPath() + "/").build()).build();
        }
        InputStream page = ConsoleResource.class.getResourceAsStream("console.html");
        if (page == null) {
            throw new NotFoundException("console page missing from the application");
        }
        return Response.ok(page).build();
    }

    /** The console's own script and style. */
    @GET
    @Path("{file:console\\.(js|css)}")
    public Response consoleFile(@PathParam("file") String file) {
        return file(CONSOLE.get(file), ConsoleResource.class.getResourceAsStream(file), file);
    }

    /** Who is signed in and whether they may act: the console shows its action buttons to the operator only. */
    @GET
    @Path("api/session")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> session(@Context HttpServletRequest request) {
        AdminRole role = (AdminRole) request.getAttribute(AdminPathGuard.ROLE_ATTRIBUTE);
        return Map.of("user", request.getAttribute(AdminPathGuard.USER_ATTRIBUTE), "role", role.roleName(), "mayAct", role.mayAct());
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
        return file(type, type == null ? null : ConsoleResource.class.getClassLoader().getResourceAsStream(UPLOT + file), file);
    }

    private static Response file(String type, InputStream content, String name) {
        if (type == null || content == null) {
            throw new NotFoundException("no console file " + name);
        }
        return Response.ok(content, type).build();
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
