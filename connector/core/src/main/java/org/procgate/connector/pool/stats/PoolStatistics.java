package org.procgate.connector.pool.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestTrace;
import org.procgate.connector.api.WorkerStatus;

/**
 * The counters of one pool, FastCGI or CGI alike: always on, lock-free. A request is counted
 * as it is accepted, waits in the queue for a worker or slot, runs, and ends in success or a
 * failure with its cause.
 */
public final class PoolStatistics {

    private static final Logger LOG = Logger.getLogger(PoolStatistics.class.getName());

    private final Instant started = Instant.now();
    private final Duration slowThreshold;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder slow = new LongAdder();
    private final LongAdder maxReached = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Map<Failure, LongAdder> failures = new EnumMap<>(Failure.class);
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger maxQueued = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final DurationBuckets waits = new DurationBuckets();
    private final DurationBuckets programTimes = new DurationBuckets();

    /** @param slowThreshold requests slower than this are logged and counted as slow */
    public PoolStatistics(Duration slowThreshold) {
        this.slowThreshold = slowThreshold;
        for (Failure failure : Failure.values()) {
            failures.put(failure, new LongAdder());
        }
    }

    /** A request arrived; returns its start time for {@link #finished}. */
    long accept() {
        accepted.increment();
        return System.nanoTime();
    }

    public void enterQueue() {
        maxQueued.accumulateAndGet(queued.incrementAndGet(), Math::max);
    }

    public void leaveQueue() {
        queued.decrementAndGet();
    }

    /** Every worker or slot was busy when a request came. */
    public void maxReached() {
        maxReached.increment();
    }

    public void startActive() {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    }

    public void endActive() {
        active.decrementAndGet();
    }

    public void workerRestarted() {
        restarts.increment();
    }

    /**
     * A request ended.
     *
     * @param startNanos what {@link #accept()} returned
     * @param failure    why it failed, {@code null} if it did not
     * @param what       the request, for the slow-request log line
     */
    void finished(long startNanos, Failure failure, Supplier<String> what) {
        long nanos = System.nanoTime() - startNanos;
        latency.record(nanos);
        if (failure != null) {
            failures.get(failure).increment();
        }
        if (nanos > slowThreshold.toNanos()) {
            slow.increment();
            LOG.warning(() -> "slow request: " + what.get() + " took " + nanos / 1_000_000 + " ms (threshold "
                    + slowThreshold.toMillis() + " ms)");
        }
    }

    /** One request of the pool, run through {@code execution} and counted: its latency, and its failure if any. */
    public void measure(String pool, ProgramRequest request, Execution execution) throws ProgramException {
        request.trace().enteredPool(pool);
        long start = accept();
        Failure failure = null;
        try {
            execution.run();
        } catch (ProgramException e) {
            failure = e.failure();
            throw e;
        } finally {
            timed(request.trace());
            finished(start, failure, () -> request.trace().logPrefix() + "pool " + pool + ": " + request.method() + " "
                    + request.requestUri());
        }
    }

    /** The request's wait for a worker and its time in the program, where it got that far. */
    private void timed(RequestTrace trace) {
        if (trace.waitNanos() >= 0) {
            waits.record(trace.waitNanos());
        }
        if (trace.programNanos() >= 0) {
            programTimes.record(trace.programNanos());
        }
    }

    /** A pool's work on one request. */
    public interface Execution {
        void run() throws ProgramException;
    }

    /**
     * The pool's status: what the pool says of its workers, with these counters.
     *
     * @param workers one entry per worker, or none for a summary
     */
    public PoolStatus snapshot(Occupancy occupancy, List<WorkerStatus> workers) {
        return new PoolStatus(occupancy.name(), occupancy.kind(), occupancy.state(), occupancy.stateReason(),
                occupancy.minWorkers(), occupancy.maxWorkers(), started, accepted(), queueLength(), maxQueueLength(),
                occupancy.idle(), occupancy.active(), occupancy.idle() + occupancy.active(), maxActive(), maxReachedCount(),
                slowRequests(), failureCounts(), restarts(), meanLatencyMillis(), p99LatencyMillis(), waits.snapshot(),
                programTimes.snapshot(), occupancy.optional(), occupancy.backends(), workers);
    }

    /** What a pool reports of itself at one moment; the statistics add the counters. */
    public record Occupancy(String name, String kind, PoolStatus.State state, String stateReason, int minWorkers,
                            int maxWorkers, int idle, int active, boolean optional, List<BackendStatus> backends) {
    }

    public Instant started() {
        return started;
    }

    public long accepted() {
        return accepted.sum();
    }

    public int queueLength() {
        return queued.get();
    }

    public int maxQueueLength() {
        return maxQueued.get();
    }

    public int active() {
        return active.get();
    }

    public int maxActive() {
        return maxActive.get();
    }

    public long maxReachedCount() {
        return maxReached.sum();
    }

    public long slowRequests() {
        return slow.sum();
    }

    public long restarts() {
        return restarts.sum();
    }

    public long failures(Failure failure) {
        return failures.get(failure).sum();
    }

    public PoolStatus.FailureCounts failureCounts() {
        long other = failures(Failure.BAD_REQUEST) + failures(Failure.NOT_FOUND) + failures(Failure.FORBIDDEN)
                + failures(Failure.METHOD_NOT_ALLOWED)
                + failures(Failure.REQUEST_TOO_LARGE) + failures(Failure.UNAVAILABLE);
        return new PoolStatus.FailureCounts(failures(Failure.TIMEOUT), failures(Failure.WORKER_DIED),
                failures(Failure.PROTOCOL_ERROR), failures(Failure.OVERLOADED), failures(Failure.CLIENT_ABORTED), other);
    }

    public double meanLatencyMillis() {
        return latency.meanMillis();
    }

    public double p99LatencyMillis() {
        return latency.quantileMillis(0.99);
    }
}
