package org.procgate.cluster.boundary;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.cluster.control.NodeView;
import org.procgate.cluster.control.RemoteNodeAdmin;
import org.procgate.connector.api.ProgramException;

/**
 * {@code /admin/api/nodes}: every node's pools where the nodes share a data grid (else this node's
 * alone), and the operator's actions on any node's pool. Behind the admin guard, as
 * {@code /admin/api/pools}: an action on another node's pool goes to that node's admin API with
 * the operator's own credentials, and that node checks them again.
 */
@ApplicationScoped
@Path("admin/api/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    @Inject
    NodeView view;

    @Inject
    RemoteNodeAdmin remote;

    @Inject
    PoolAdministrationLocator locator;

    @GET
    public List<JsonObject> nodes() throws ProgramException {
        return view.nodes();
    }

    @POST
    @Path("{node}/pools/{pool}/restart")
    public Response restart(@PathParam("node") String node, @PathParam("pool") String pool,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) throws ProgramException {
        if (node.equals(view.self())) {
            locator.administration().restart(pool);
            return Response.accepted().build();
        }
        return forward(node, pool + "/restart", authorization);
    }

    @POST
    @Path("{node}/pools/{pool}/workers/{pid}/recycle")
    public Response recycle(@PathParam("node") String node, @PathParam("pool") String pool, @PathParam("pid") long pid,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) throws ProgramException {
        if (node.equals(view.self())) {
            locator.administration().recycleWorker(pool, pid);
            return Response.accepted().build();
        }
        return forward(node, pool + "/workers/" + pid + "/recycle", authorization);
    }

    private Response forward(String node, String path, String authorization) throws ProgramException {
        RemoteNodeAdmin.Answer answer = remote.send(node, view.urlOf(node), "POST", path, authorization);
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body()).build();
    }
}
