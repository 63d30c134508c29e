package org.procgate.health.boundary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.procgate.health.control.HealthCheck;
import org.procgate.health.control.HealthChecks;

/**
 * {@code /health/live}, {@code /health/ready}, {@code /health/started} and {@code /health} (all
 * three) under the application, on every server: 200 and {@code "UP"}, or 503 and {@code "DOWN"},
 * in MicroProfile Health's JSON, for load balancers and orchestrators that probe without a user.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    HealthChecks checks;

    @GET
    public Response all() {
        return answer(List.of(checks.liveness(), checks.readiness(), checks.startup()));
    }

    @GET
    @Path("live")
    public Response live() {
        return answer(List.of(checks.liveness()));
    }

    @GET
    @Path("ready")
    public Response ready() {
        return answer(List.of(checks.readiness()));
    }

    @GET
    @Path("started")
    public Response started() {
        return answer(List.of(checks.startup()));
    }

    private static Response answer(List<HealthCheck> results) {
        boolean up = results.stream().allMatch(HealthCheck::up);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", results.stream().map(check -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", check.name());
            one.put("status", check.status());
            one.put("data", check.data());
            return one;
        }).toList());
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body)
                .header("Cache-Control", "no-store").build();
    }
}
