package org.procgate.health.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.procgate.health.control.HealthCheck;
import org.procgate.health.control.HealthChecks;

/**
 * The same three checks for the server's own MicroProfile Health endpoints ({@code /health/live},
 * {@code /health/ready}, {@code /health/started} at the server's root), where the server has them
 * (the Payara servers); elsewhere these producers are never asked.
 */
@ApplicationScoped
public class MicroProfileHealth {

    @Inject
    HealthChecks checks;

    @Produces
    @Liveness
    org.eclipse.microprofile.health.HealthCheck liveness() {
        return () -> response(checks.liveness());
    }

    @Produces
    @Readiness
    org.eclipse.microprofile.health.HealthCheck readiness() {
        return () -> response(checks.readiness());
    }

    @Produces
    @Startup
    org.eclipse.microprofile.health.HealthCheck startup() {
        return () -> response(checks.startup());
    }

    private static HealthCheckResponse response(HealthCheck check) {
        var builder = HealthCheckResponse.named(check.name()).status(check.up());
        check.data().forEach(builder::withData);
        return builder.build();
    }
}
