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
import org.procgate.platform.boundary.ProblemWriter;
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
        ServletSink sink = new ServletSink(response, request.getMethod().equals("HEAD"));
        try {
            serve(request, response, context, route, sink, trace);
        } finally {
            AccessLog.record(request, response.getStatus(), sink.written(), trace, start);
            RequestTraces.ended(request, response.getStatus());
        }
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, String context, GatewayRoute route,
                       ServletSink sink, RequestTrace trace) throws IOException {
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
                    return;
                }
            }
            call.stream(pool, HttpExchanges.describe(request, context + route.mount(), route.rawPathInfo(), user, trace), sink);
            sink.complete();
        } catch (ProgramException e) {
            if (!sink.started()) {
                if (e.failure() != Failure.CLIENT_ABORTED) {
                    ProblemWriter.write(request, response, e);
                }
                return;
            }
            abort(request, response, e);
        }
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
