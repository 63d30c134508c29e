package org.procgate.health.control;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.gateway.control.PoolsOpened;

/**
 * The three checks a load balancer and an orchestrator ask a node, as Kubernetes' probes and
 * MicroProfile Health name them:
 * <ul>
 * <li><b>liveness</b>: the application and its resource adapter answer (a node that fails it
 *     should be restarted);</li>
 * <li><b>readiness</b>: every pool the node needs can serve: none is FAILED (it cannot start
 *     workers) or STOPPED; a pool marked {@code optional} is reported but does not count (a node
 *     that fails it should get no traffic);</li>
 * <li><b>startup</b>: the records database has loaded and the pools have been opened (until then
 *     the other two are not asked).</li>
 * </ul>
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    PoolAdministrationLocator locator;

    private volatile boolean started;

    void onPoolsOpened(@Observes PoolsOpened event) {
        started = true;
    }

    public HealthCheck liveness() {
        try {
            return new HealthCheck("procgate-alive", true, Map.of("pools", Integer.toString(locator.administration().summaries().size())));
        } catch (ProgramException | RuntimeException e) {
            return new HealthCheck("procgate-alive", false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    public HealthCheck readiness() {
        try {
            return readiness(locator.administration().summaries());
        } catch (ProgramException | RuntimeException e) {
            return new HealthCheck("procgate-pools", false, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    static HealthCheck readiness(List<PoolStatus> pools) {
        Map<String, String> data = new TreeMap<>();
        boolean up = true;
        for (PoolStatus pool : pools) {
            data.put(pool.name(), pool.state() + (pool.stateReason().isEmpty() ? "" : ": " + pool.stateReason())
                    + (pool.optional() ? " (optional)" : ""));
            boolean serving = pool.state() != PoolStatus.State.FAILED && pool.state() != PoolStatus.State.STOPPED;
            up &= serving || pool.optional();
        }
        return new HealthCheck("procgate-pools", up, data);
    }

    public HealthCheck startup() {
        return new HealthCheck("procgate-started", started, Map.of("database and pools",
                started ? "database loaded, pools opened" : "loading the database and opening the pools"));
    }
}
