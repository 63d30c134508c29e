package org.procgate.gateway.boundary;

import java.io.IOException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest.RemoteUser;
import org.procgate.connector.api.RequestTrace;
import org.procgate.gateway.control.ProgramCall;
import org.procgate.platform.boundary.AccessLog;
import org.procgate.platform.boundary.Problem;
import org.procgate.platform.boundary.ProblemType;
import org.procgate.platform.boundary.ProblemWriter;
import org.procgate.platform.boundary.RequestId;
import org.procgate.platform.boundary.RequestTraces;
import org.procgate.platform.control.ServerSetting;

/**
 * The gateways to the pools, on the request thread:
 * <ul>
 * <li>{@code /cgi-bin/{script}[/path-info][?query]}: a script from the {@code cgi-bin} pool's
 * directory, like Apache's ScriptAlias;</li>
 * <li>{@code /cgi/{pool}/{script}...}: the same for any other CGI pool;</li>
 * <li>{@code /fcgi/{pool}[/path][?query]}: FastCGI pool {@code pool}.</li>
 * </ul>
 * The request body streams to the program while it runs, and the program's answer streams back
 * as it writes it. The raw path after the mount goes to the pool as it came; the connector
 * decodes it once and, for CGI, finds and confines the script in it.
 *
 * <p>A pool that names roles is for a signed-in user with one of them ({@link RequiredRoles}); the
 * user reaches the program. Every other pool is public, and no authentication is done for it.
 *
 * <p>A program that answers with a local redirect (RFC 3875 section 6.2.2: only a {@code Location}
 * with a path) has its path served as a new GET (a HEAD stays a HEAD) once it is released, by this
 * same gateway and with the target pool's own checks, never by a forward inside the server, which
 * would skip the checks of what it reaches ({@link LocalRedirect}). Up to
 * {@value LocalRedirect#MAX_HOPS} in a row; one more, or a path outside the gateway's mounts, is a
 * 502 problem.
 *
 * <p>A failure before the program answered is a problem+json; after it started answering, the
 * response is aborted (the connection closes without the final chunk), so no client takes a
 * truncated body for a whole one.
 */
@WebServlet(name = "procgate-gateway", urlPatterns = {"/cgi-bin/*", "/cgi/*", "/fcgi/*"})
public class GatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(GatewayServlet.class.getName());
    static final String CGI_BIN_POOL = ServerSetting.GATEWAY_CGI_BIN_POOL.text();

    @Inject
    transient ProgramCall call;
    @Inject
    transient SecurityContext security;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        long start = System.nanoTime();
        RequestTrace trace = RequestTraces.of(request);
        String context = request.getContextPath();
        GatewayRoute route = GatewayRoute.of(request.getRequestURI().substring(context.length()), CGI_BIN_POOL);
        ServletSink sink = new ServletSink(request, response);
        HttpExchanges.Describer describer = HttpExchanges.describer(request, context, trace);
        long written = 0;
        try {
            for (int hops = 0; ; hops++) {
                boolean answered = serve(request, response, route, sink, describer);
                written += sink.written();
                String location = sink.localRedirect();
                if (!answered || location == null) {
                    return;
                }
                LocalRedirect next = LocalRedirect.of(location, context, CGI_BIN_POOL);
                if (next == null || hops == LocalRedirect.MAX_HOPS) {
                    refuseLocalRedirect(request, response, location, next == null);
                    return;
                }
                route = next.route();
                describer = HttpExchanges.redirectDescriber(request, context, next, trace);
                sink = new ServletSink(request, response);
            }
        } finally {
            AccessLog.record(request, response.getStatus(), written, trace, start);
            RequestTraces.ended(request, response.getStatus());
        }
    }

    /**
     * Runs one request on the route's pool, with its pool's checks.
     *
     * @return whether the program's answer is complete; false if a refusal or a problem answered instead
     */
    private boolean serve(HttpServletRequest request, HttpServletResponse response, GatewayRoute route, ServletSink sink,
                          HttpExchanges.Describer describer) throws IOException {
        try {
            if (route == null) {
                throw new ProgramException(Failure.NOT_FOUND, "no pool at " + request.getRequestURI()
                        + "; the path must name it plainly: /cgi-bin/..., /cgi/<pool>/... or /fcgi/<pool>/...");
            }
            ProgramConnectionFactory pool = call.pool(route.pool());
            Set<String> roles = pool.requiredRoles();
            RemoteUser user = null;
            if (!roles.isEmpty()) {
                user = RequiredRoles.signedInUser(request, response, roles, security);
                if (user == null) {
                    return false;
                }
            }
            call.stream(pool, describer.describe(route, user), sink);
            sink.complete();
            return true;
        } catch (ProgramException e) {
            if (!sink.started()) {
                if (e.failure() != Failure.CLIENT_ABORTED) {
                    ProblemWriter.write(request, response, e);
                }
                return false;
            }
            abort(request, response, e);
            return false;
        }
    }

    /** A local redirect the gateway does not follow: outside its mounts, or one too many. */
    private static void refuseLocalRedirect(HttpServletRequest request, HttpServletResponse response, String location,
                                            boolean outside) throws IOException {
        String detail = outside
                ? "a program redirected locally to a path the gateway does not serve; a local redirect (a Location with"
                        + " only a path) must name " + request.getContextPath() + "/cgi-bin/..., /cgi/<pool>/... or /fcgi/<pool>/..."
                : "the programs redirected locally more than " + LocalRedirect.MAX_HOPS + " times: a redirect loop";
        LOG.warning(RequestTraces.of(request).logPrefix() + "local redirect to " + location + " not followed: " + detail);
        response.reset();
        ProblemWriter.write(response, Problem.of(ProblemType.LOCAL_REDIRECT, HttpServletResponse.SC_BAD_GATEWAY, detail)
                .forRequest(RequestId.of(request)));
    }

    /**
     * The answer started and cannot end cleanly: the connection is closed under it (see
     * {@link ResponseAbort}), or else the request fails so that the server drops it.
     */
    private static void abort(HttpServletRequest request, HttpServletResponse response, ProgramException e)
            throws IOException {
        if (e.failure() != Failure.CLIENT_ABORTED) {
            LOG.log(Level.WARNING, "answer aborted after it started: " + request.getMethod() + " "
                    + request.getRequestURI() + ": " + e.getMessage(), e);
        }
        if (!ResponseAbort.closeConnection(response)) {
            throw new IOException("answer aborted after it started: " + e.getMessage(), e);
        }
    }
}
