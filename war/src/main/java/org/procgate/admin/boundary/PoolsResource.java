package org.procgate.admin.boundary;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;

/**
 * {@code /admin/api/pools}: the status of every pool and worker, and the operator's actions.
 * Behind the admin guard (a viewer may read, only the operator act); reads never wait for a worker. A CDI bean, so
 * that Bean Validation's interceptor checks the parameters (see {@code ProcgateApplication}).
 */
@ApplicationScoped
@Path("admin/api/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolsResource {

    @Inject
    PoolAdministrationLocator locator;

    @GET
    public List<PoolStatus> pools() throws ProgramException {
        return locator.administration().pools();
    }

    @GET
    @Path("{pool}")
    public PoolStatus pool(@PathParam("pool") String pool) throws ProgramException {
        return locator.administration().pool(pool);
    }

    /** Drain and restart: in-flight requests finish, then every worker is replaced. */
    @POST
    @Path("{pool}/restart")
    public Response restart(@PathParam("pool") String pool) throws ProgramException {
        locator.administration().restart(pool);
        return Response.accepted().build();
    }

    @POST
    @Path("{pool}/workers/{pid}/recycle")
    public Response recycle(@PathParam("pool") String pool, @PathParam("pid") long pid) throws ProgramException {
        locator.administration().recycleWorker(pool, pid);
        return Response.accepted().build();
    }

    /**
     * Reloads the pool with the settings in the body changed ({"environment": "...", "maxWorkers": "8"}):
     * its workers are replaced under load without a failed request. Until the next restart.
     */
    @PUT
    @Path("{pool}/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public PoolStatus reload(@PathParam("pool") String pool, @NotNull(message = "is required") Map<String, String> changes)
            throws ProgramException {
        return locator.administration().reload(pool, changes);
    }

    @PUT
    @Path("{pool}/size")
    public PoolStatus resize(@PathParam("pool") String pool,
                             @QueryParam("maxWorkers") @NotNull(message = "is required")
                             @Pattern(regexp = "[1-9][0-9]{0,3}", message = "must be an integer between 1 and 9999") String maxWorkers)
            throws ProgramException {
        locator.administration().resize(pool, Integer.parseInt(maxWorkers));
        return locator.administration().pool(pool);
    }
}
