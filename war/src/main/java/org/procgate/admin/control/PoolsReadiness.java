package org.procgate.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;

/** Readiness: down while any pool is FAILED (it cannot start workers); each pool's state is in the data. */
@Readiness
@ApplicationScoped
public class PoolsReadiness implements HealthCheck {

    @Inject
    PoolAdministrationLocator locator;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("procgate-pools").up();
        try {
            for (PoolStatus pool : locator.administration().summaries()) {
                response.withData(pool.name(), pool.state() + (pool.stateReason().isEmpty() ? "" : ": " + pool.stateReason()));
                if (pool.state() == PoolStatus.State.FAILED) {
                    response.down();
                }
            }
        } catch (ProgramException e) {
            response.down().withData("error", e.getMessage());
        }
        return response.build();
    }
}
