package org.procgate.admin.control;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.gateway.control.PoolFound;
import org.procgate.gateway.control.PoolsOpened;

/**
 * The pool status fields as MicroProfile Metrics gauges (OpenMetrics at the server's /metrics),
 * tagged with the pool's name. A scrape reads every gauge of a pool in turn: they share one summary
 * of the pool (counters and sizes, no /proc reads) for {@value #SNAPSHOT_MILLIS} ms.
 */
@ApplicationScoped
public class PoolMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    PoolAdministrationLocator locator;

    static final long SNAPSHOT_MILLIS = 500;

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    /** One summary and when it was taken. */
    private record Snapshot(PoolStatus status, long takenNanos) {
        boolean fresh(long now) {
            return now - takenNanos < TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS);
        }
    }

    void onPoolsOpened(@Observes PoolsOpened event) {
        try {
            for (PoolStatus pool : locator.administration().summaries()) {
                register(pool.name());
            }
        } catch (ProgramException e) {
            // the console reports it; metrics appear with the pools
        }
    }

    /** A pool added to the running server gets its gauges with its first request. */
    void onPoolFound(@Observes PoolFound event) {
        register(event.name());
    }

    void register(String pool) {
        if (!registered.add(pool)) {
            return;
        }
        gauge(pool, "accepted_requests", "requests accepted since the pool started", PoolStatus::acceptedRequests);
        gauge(pool, "queue_length", "requests waiting for a worker", PoolStatus::queueLength);
        gauge(pool, "max_queue_length", "the longest the queue has been", PoolStatus::maxQueueLength);
        gauge(pool, "idle_workers", "workers waiting for a request", PoolStatus::idleWorkers);
        gauge(pool, "active_workers", "workers serving a request", PoolStatus::activeWorkers);
        gauge(pool, "total_workers", "worker processes", PoolStatus::totalWorkers);
        gauge(pool, "max_active_workers", "the most workers active at once", PoolStatus::maxActiveWorkers);
        gauge(pool, "max_workers", "the pool's current maximum of workers", PoolStatus::maxWorkers);
        gauge(pool, "max_reached", "times a request found every worker busy", PoolStatus::maxReachedCount);
        gauge(pool, "slow_requests", "requests over the slow-request threshold", PoolStatus::slowRequests);
        gauge(pool, "restarts", "workers replaced", PoolStatus::restarts);
        gauge(pool, "failed_timeout", "requests that timed out", p -> p.failures().timeout());
        gauge(pool, "failed_worker_died", "requests whose worker died", p -> p.failures().workerDied());
        gauge(pool, "failed_client_aborted", "requests whose client left before the answer ended", p -> p.failures().clientAborted());
        gauge(pool, "failed_protocol_error", "requests answered with an invalid response", p -> p.failures().protocolError());
        gauge(pool, "failed_overloaded", "requests refused for lack of a worker", p -> p.failures().overloaded());
        gauge(pool, "latency_mean_ms", "mean request duration", PoolStatus::meanLatencyMillis);
        gauge(pool, "latency_p99_ms", "99th percentile of request duration", PoolStatus::p99LatencyMillis);
        gauge(pool, "up", "1 unless the pool is FAILED or STOPPED",
                p -> p.state() == PoolStatus.State.FAILED || p.state() == PoolStatus.State.STOPPED ? 0 : 1);
    }

    private void gauge(String pool, String name, String description, ToDoubleFunction<PoolStatus> field) {
        Metadata metadata = Metadata.builder().withName("procgate_pool_" + name).withDescription(description).build();
        registry.gauge(metadata, () -> read(pool, field), new Tag("pool", pool));
    }

    private Double read(String pool, ToDoubleFunction<PoolStatus> field) {
        long now = System.nanoTime();
        Snapshot snapshot = snapshots.get(pool);
        if (snapshot == null || !snapshot.fresh(now)) {
            try {
                snapshot = new Snapshot(locator.administration().summary(pool), now);
            } catch (ProgramException e) {
                return Double.NaN;
            }
            snapshots.put(pool, snapshot);
        }
        return field.applyAsDouble(snapshot.status());
    }
}
