package org.procgate.admin.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.DurationHistogram;
import org.procgate.connector.api.PoolStatus;

/**
 * The pools' statuses as Prometheus metrics, by its conventions: counters (written with
 * {@code _total}) with the pool's start as their creation time, so a reloaded pool's fresh counts
 * read as a reset; gauges for what is now; the wait for a worker and the time in the program as
 * {@code _seconds} histograms; failures by {@code cause}; a remote pool's backends each by
 * {@code backend}. Labelled by pool, never by worker (pids change at every recycle: per-worker data
 * stays in the status).
 */
public final class PrometheusExposition {

    private static final List<Cause> CAUSES = List.of(
            new Cause("timeout", f -> f.timeout()), new Cause("worker_died", f -> f.workerDied()),
            new Cause("protocol_error", f -> f.protocolError()), new Cause("overloaded", f -> f.overloaded()),
            new Cause("client_aborted", f -> f.clientAborted()), new Cause("other", f -> f.other()));

    /** A failure cause, as its label value, and its count in a status. */
    private record Cause(String label, ToLongFunction<PoolStatus.FailureCounts> count) {
    }

    /** One series' labels and value. */
    private record Point(Labels labels, double value) {
    }

    private PrometheusExposition() {
    }

    public static MetricSnapshots of(List<PoolStatus> pools) {
        return MetricSnapshots.of(
                counter("procgate_requests", "Requests the pool accepted.", pools, perPool(PoolStatus::acceptedRequests)),
                counter("procgate_request_failures", "Requests that failed, by cause (other: refused before a program ran, "
                        + "e.g. 400, 404, 405, 413, a stopped pool).", pools, pool -> CAUSES.stream()
                        .map(cause -> new Point(labels(pool).add("cause", cause.label()), cause.count().applyAsLong(pool.failures())))
                        .toList()),
                counter("procgate_queue_full", "Requests that found every worker (or CGI slot) busy.", pools,
                        perPool(PoolStatus::maxReachedCount)),
                counter("procgate_slow_requests", "Requests slower than the pool's slow-request threshold.", pools,
                        perPool(PoolStatus::slowRequests)),
                counter("procgate_worker_restarts", "Workers replaced after a crash, a timeout or a recycle.", pools,
                        perPool(PoolStatus::restarts)),
                gauge("procgate_workers", "Worker processes (or CGI scripts running) now, idle or serving a request.", pools,
                        pool -> List.of(new Point(labels(pool).add("state", "idle"), pool.idleWorkers()),
                                new Point(labels(pool).add("state", "active"), pool.activeWorkers()))),
                gauge("procgate_workers_max", "The most workers (or concurrent CGI scripts) the pool may have.", pools,
                        perPool(PoolStatus::maxWorkers)),
                gauge("procgate_queue_length", "Requests waiting for a worker now.", pools, perPool(PoolStatus::queueLength)),
                // one series per state, 1 for the pool's: alert on procgate_pool_state{state="FAILED"} == 1
                gauge("procgate_pool_state", "The pool's state: 1 for the state it is in, 0 for the others.", pools,
                        pool -> Arrays.stream(PoolStatus.State.values())
                                .map(state -> new Point(labels(pool).add("state", state.name()), pool.state() == state ? 1 : 0))
                                .toList()),
                histogram("procgate_wait_seconds", "How long requests waited for a worker (or CGI slot).", pools,
                        PoolStatus::waitSeconds),
                histogram("procgate_program_seconds", "How long requests took in the program.", pools,
                        PoolStatus::programSeconds),
                counter("procgate_backend_requests", "Requests a remote backend answered.", pools,
                        perBackend(BackendStatus::requests)),
                counter("procgate_backend_failures", "Requests and connection attempts that failed on a remote backend.",
                        pools, perBackend(BackendStatus::failures)),
                gauge("procgate_backend_up", "1 while a remote backend is in rotation, 0 while it is out after failures or "
                        + "failed health checks.", pools, perBackend(backend -> backend.up() ? 1 : 0)),
                gauge("procgate_backend_connections", "Connections held to a remote backend now.", pools,
                        perBackend(BackendStatus::connections)),
                gauge("procgate_backend_outstanding", "Requests on a remote backend now.", pools,
                        perBackend(BackendStatus::outstanding)),
                gauge("procgate_backend_share", "The fraction of the pool's requests a remote backend was given, 0 to 1.",
                        pools, perBackendValue(BackendStatus::share)),
                gauge("procgate_backend_check_seconds", "How long a remote backend's last health check took.", pools,
                        perBackendValue(backend -> backend.lastCheck() == null ? Double.NaN : backend.lastCheck().millis() / 1000.0)));
    }

    private static Function<PoolStatus, List<Point>> perPool(ToLongFunction<PoolStatus> value) {
        return pool -> List.of(new Point(labels(pool), value.applyAsLong(pool)));
    }

    /** One series per remote backend; none for pools that start their own workers. */
    private static Function<PoolStatus, List<Point>> perBackend(ToLongFunction<BackendStatus> value) {
        return perBackendValue(value::applyAsLong);
    }

    /** One series per remote backend (a backend without a value, NaN, has none). */
    private static Function<PoolStatus, List<Point>> perBackendValue(ToDoubleFunction<BackendStatus> value) {
        return pool -> pool.backends().stream()
                .filter(backend -> !Double.isNaN(value.applyAsDouble(backend)))
                .map(backend -> new Point(labels(pool).add("backend", backend.address()), value.applyAsDouble(backend))).toList();
    }

    private static CounterSnapshot counter(String name, String help, List<PoolStatus> pools,
                                           Function<PoolStatus, List<Point>> points) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (PoolStatus pool : pools) {
            for (Point point : points.apply(pool)) {
                counter.dataPoint(CounterDataPointSnapshot.builder().labels(point.labels()).value(point.value())
                        .createdTimestampMillis(pool.startTime().toEpochMilli()).build());
            }
        }
        return counter.build();
    }

    private static GaugeSnapshot gauge(String name, String help, List<PoolStatus> pools,
                                       Function<PoolStatus, List<Point>> points) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (PoolStatus pool : pools) {
            for (Point point : points.apply(pool)) {
                gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(point.labels()).value(point.value()).build());
            }
        }
        return gauge.build();
    }

    private static HistogramSnapshot histogram(String name, String help, List<PoolStatus> pools,
                                               Function<PoolStatus, DurationHistogram> value) {
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
        for (PoolStatus pool : pools) {
            DurationHistogram durations = value.apply(pool);
            List<Double> bounds = new ArrayList<>(durations.upperBoundsSeconds());
            bounds.add(Double.POSITIVE_INFINITY);
            List<Long> perBucket = new ArrayList<>(bounds.size());
            long previous = 0;
            for (long cumulative : durations.cumulativeCounts()) {
                perBucket.add(cumulative - previous);
                previous = cumulative;
            }
            histogram.dataPoint(HistogramDataPointSnapshot.builder().labels(labels(pool))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, perBucket)).sum(durations.sumSeconds())
                    .createdTimestampMillis(pool.startTime().toEpochMilli()).build());
        }
        return histogram.build();
    }

    private static Labels labels(PoolStatus pool) {
        return Labels.of("pool", pool.name(), "kind", pool.kind().toLowerCase(Locale.ROOT));
    }
}
