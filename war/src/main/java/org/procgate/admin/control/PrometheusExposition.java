package org.procgate.admin.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

import org.procgate.connector.api.DurationHistogram;
import org.procgate.connector.api.PoolStatus;

/**
 * The pools' statuses as Prometheus metrics, by its conventions: counters (written with
 * {@code _total}) with the pool's start as their creation time, so a reloaded pool's fresh counts
 * read as a reset; gauges for what is now; the wait for a worker and the time in the program as
 * {@code _seconds} histograms; failures by {@code cause}. Labelled by pool, never by worker (pids
 * change at every recycle: per-worker data stays in the status).
 */
public final class PrometheusExposition {

    private static final List<Cause> CAUSES = List.of(
            new Cause("timeout", f -> f.timeout()), new Cause("worker_died", f -> f.workerDied()),
            new Cause("protocol_error", f -> f.protocolError()), new Cause("overloaded", f -> f.overloaded()),
            new Cause("client_aborted", f -> f.clientAborted()), new Cause("other", f -> f.other()));

    /** A failure cause, as its label value, and its count in a status. */
    private record Cause(String label, ToLongFunction<PoolStatus.FailureCounts> count) {
    }

    private PrometheusExposition() {
    }

    public static MetricSnapshots of(List<PoolStatus> pools) {
        return MetricSnapshots.of(
                counter("procgate_requests", "Requests the pool accepted.", pools, PoolStatus::acceptedRequests),
                failures(pools),
                counter("procgate_queue_full", "Requests that found every worker (or CGI slot) busy.", pools,
                        PoolStatus::maxReachedCount),
                counter("procgate_slow_requests", "Requests slower than the pool's slow-request threshold.", pools,
                        PoolStatus::slowRequests),
                counter("procgate_worker_restarts", "Workers replaced after a crash, a timeout or a recycle.", pools,
                        PoolStatus::restarts),
                workers(pools),
                gauge("procgate_workers_max", "The most workers (or concurrent CGI scripts) the pool may have.", pools,
                        PoolStatus::maxWorkers),
                gauge("procgate_queue_length", "Requests waiting for a worker now.", pools, PoolStatus::queueLength),
                states(pools),
                histogram("procgate_wait_seconds", "How long requests waited for a worker (or CGI slot).", pools,
                        PoolStatus::waitSeconds),
                histogram("procgate_program_seconds", "How long requests took in the program.", pools,
                        PoolStatus::programSeconds));
    }

    private static CounterSnapshot counter(String name, String help, List<PoolStatus> pools, ToLongFunction<PoolStatus> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (PoolStatus pool : pools) {
            counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels(pool)).value(value.applyAsLong(pool))
                    .createdTimestampMillis(pool.startTime().toEpochMilli()).build());
        }
        return counter.build();
    }

    private static CounterSnapshot failures(List<PoolStatus> pools) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name("procgate_request_failures")
                .help("Requests that failed, by cause (other: refused before a program ran, e.g. 400, 404, 405, 413, "
                        + "a stopped pool).");
        for (PoolStatus pool : pools) {
            for (Cause cause : CAUSES) {
                counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels(pool).add("cause", cause.label()))
                        .value(cause.count().applyAsLong(pool.failures()))
                        .createdTimestampMillis(pool.startTime().toEpochMilli()).build());
            }
        }
        return counter.build();
    }

    private static GaugeSnapshot gauge(String name, String help, List<PoolStatus> pools, ToLongFunction<PoolStatus> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (PoolStatus pool : pools) {
            gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(pool)).value(value.applyAsLong(pool)).build());
        }
        return gauge.build();
    }

    private static GaugeSnapshot workers(List<PoolStatus> pools) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("procgate_workers")
                .help("Worker processes (or CGI scripts running) now, idle or serving a request.");
        for (PoolStatus pool : pools) {
            gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(pool).add("state", "idle"))
                    .value(pool.idleWorkers()).build());
            gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(pool).add("state", "active"))
                    .value(pool.activeWorkers()).build());
        }
        return gauge.build();
    }

    /** One series per state, 1 for the pool's state now: alert on {@code procgate_pool_state{state="FAILED"} == 1}. */
    private static GaugeSnapshot states(List<PoolStatus> pools) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("procgate_pool_state")
                .help("The pool's state: 1 for the state it is in, 0 for the others.");
        for (PoolStatus pool : pools) {
            for (PoolStatus.State state : PoolStatus.State.values()) {
                gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(pool).add("state", state.name()))
                        .value(pool.state() == state ? 1 : 0).build());
            }
        }
        return gauge.build();
    }

    private static HistogramSnapshot histogram(String name, String help, List<PoolStatus> pools,
                                               java.util.function.Function<PoolStatus, DurationHistogram> value) {
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
