package org.procgate.health.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.DurationHistogram;
import org.procgate.connector.api.PoolStatus;

class HealthChecksTest {

    private static PoolStatus pool(String name, PoolStatus.State state, String reason, boolean optional) {
        DurationHistogram none = new DurationHistogram(List.of(1.0), List.of(0L, 0L), 0);
        return new PoolStatus(name, "fastcgi", state, reason, 1, 2, Instant.now(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
                new PoolStatus.FailureCounts(0, 0, 0, 0, 0, 0), 0, 0, 0, none, none, optional, List.of(), List.of());
    }

    @Test
    void readyWhileEveryPoolTheNodeNeedsCanServe() {
        HealthCheck check = HealthChecks.readiness(List.of(pool("search", PoolStatus.State.RUNNING, "", false),
                pool("hello", PoolStatus.State.DEGRADED, "exit 1", false)));
        assertThat(check.up()).isTrue();
        assertThat(check.data()).containsEntry("search", "RUNNING").containsEntry("hello", "DEGRADED: exit 1");
    }

    @Test
    void aFailedOrStoppedPoolMakesTheNodeUnreadyUnlessItIsOptional() {
        assertThat(HealthChecks.readiness(List.of(pool("search", PoolStatus.State.FAILED, "no binary", false))).up()).isFalse();
        assertThat(HealthChecks.readiness(List.of(pool("search", PoolStatus.State.STOPPED, "", false))).up()).isFalse();
        HealthCheck optional = HealthChecks.readiness(List.of(pool("search", PoolStatus.State.RUNNING, "", false),
                pool("reports", PoolStatus.State.FAILED, "no binary", true)));
        assertThat(optional.up()).isTrue();
        assertThat(optional.data()).containsEntry("reports", "FAILED: no binary (optional)");
    }
}
