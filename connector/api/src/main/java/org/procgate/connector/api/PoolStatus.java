package org.procgate.connector.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one pool, the fields an operator watches (the PHP-FPM status page and more).
 *
 * @param name              the pool's name
 * @param kind              {@code fastcgi} or {@code cgi}
 * @param state             the pool's health
 * @param stateReason       why the pool is degraded or failed, empty otherwise
 * @param minWorkers        configured minimum (FastCGI; 0 for CGI)
 * @param maxWorkers        configured maximum of worker processes or concurrent CGI processes
 * @param startTime         when the pool started
 * @param acceptedRequests  requests accepted since the start
 * @param queueLength       requests waiting for a worker now
 * @param maxQueueLength    the longest the queue has been
 * @param idleWorkers       workers waiting for a request
 * @param activeWorkers     workers (or CGI processes) serving a request now
 * @param totalWorkers      all worker processes now
 * @param maxActiveWorkers  the most that were ever active at once
 * @param maxReachedCount   how often a request found every worker busy
 * @param slowRequests      requests that took longer than the slow-request threshold
 * @param failures          failed requests by cause
 * @param restarts          workers replaced after a crash, a timeout or a recycle
 * @param meanLatencyMillis mean request duration
 * @param p99LatencyMillis  99th percentile of request duration
 * @param waitSeconds       how long requests waited for a worker (or CGI slot)
 * @param programSeconds    how long requests took in the program, from the hand-over to the answer's end
 * @param optional          the node can serve without this pool: its failure does not make the node unready
 * @param backends          a remote pool's backends, each with its state and counts; empty for any other pool
 * @param workers           one entry per worker process; for a CGI pool, one per script running now
 */
public record PoolStatus(String name, String kind, State state, String stateReason, int minWorkers, int maxWorkers,
                         Instant startTime, long acceptedRequests, int queueLength, int maxQueueLength, int idleWorkers,
                         int activeWorkers, int totalWorkers, int maxActiveWorkers, long maxReachedCount,
                         long slowRequests, FailureCounts failures, long restarts, double meanLatencyMillis,
                         double p99LatencyMillis, DurationHistogram waitSeconds, DurationHistogram programSeconds,
                         boolean optional, List<BackendStatus> backends, List<WorkerStatus> workers)
        implements Serializable {

    public PoolStatus {
        backends = List.copyOf(backends);
        workers = List.copyOf(workers);
    }

    /** A pool's health. */
    public enum State {
        /** Serving. */
        RUNNING,
        /** Serving, but workers are failing and being replaced with backoff. */
        DEGRADED,
        /** Cannot start workers; requests fail fast until it recovers. */
        FAILED,
        /** Stopped with its adapter. */
        STOPPED
    }

    /**
     * Failed requests by cause. A failure after the answer started (an aborted response) counts
     * under its cause too; {@code clientAborted} counts clients that left before the answer ended.
     */
    public record FailureCounts(long timeout, long workerDied, long protocolError, long overloaded, long clientAborted,
                                long other)
            implements Serializable {
    }
}
