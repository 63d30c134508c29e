package org.procgate.gateway.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.procgate.connector.api.ProgramException;
import org.procgate.gateway.control.ProgramCall;

/**
 * The gateways to the pools:
 * <ul>
 * <li>{@code /cgi-bin/{script}[/path-info][?query]}: a script from the {@code cgi-bin} pool's
 * directory, like Apache's ScriptAlias;</li>
 * <li>{@code /cgi/{pool}/{script}...}: the same for any other CGI pool;</li>
 * <li>{@code /fcgi/{pool}[/path][?query]}: FastCGI pool {@code pool}.</li>
 * </ul>
 * The raw path after the mount goes to the pool as it came; the connector decodes it once and,
 * for CGI, finds and confines the script in it.
 */
@Path("{mount: cgi-bin|cgi/[^/]+|fcgi/[^/]+}")
@ApplicationScoped
public class GatewayResource {

    static final String CGI_BIN_POOL = System.getProperty("procgate.gateway.cgiBinPool", "cgi-bin");

    // one instance for all requests: nothing to create or inject per request
    @Inject
    ProgramCall call;

    @GET
    @Path("{path: .*}")
    public Response get(@Context HttpServletRequest http) throws ProgramException {
        return forward(http);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@Context HttpServletRequest http) throws ProgramException {
        return forward(http);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@Context HttpServletRequest http) throws ProgramException {
        return forward(http);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@Context HttpServletRequest http) throws ProgramException {
        return forward(http);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@Context HttpServletRequest http) throws ProgramException {
        return forward(http);
    }

    @OPTIONS
    @Path("{path: .*}")
    public Response options(@Context HttpServletRequest http) throws ProgramException {
        return forward(http);
    }

    private Response forward(HttpServletRequest http) throws ProgramException {
        String context = http.getContextPath();
        String rest = http.getRequestURI().substring(context.length() + 1);
        String pool;
        String mount;
        if (rest.startsWith("cgi-bin")) {
            pool = CGI_BIN_POOL;
            mount = "cgi-bin";
        } else {
            int slash = rest.indexOf('/', rest.indexOf('/') + 1);
            mount = slash < 0 ? rest : rest.substring(0, slash);
            pool = mount.substring(mount.indexOf('/') + 1);
        }
        String scriptName = context + "/" + mount;
        String rawPathInfo = rest.substring(mount.length());
        return ProgramResponses.toHttp(call.forward(pool, http, scriptName, rawPathInfo));
    }
}
