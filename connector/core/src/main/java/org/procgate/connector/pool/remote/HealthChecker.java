package org.procgate.connector.pool.remote;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.procgate.connector.api.BackendStatus;

/**
 * Checks every backend of a rotation every interval, each check bounded by its timeout, and tells
 * the rotation how each went. Requests that fail still count on their own (passive checks); the
 * active ones find a dead backend without a request failing on it, and bring it back once it
 * passes again.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HealthChecker.class.getName());

    /** One check of one backend. */
    public interface Probe {
        /**
         * @return what the backend answered, for the status
         * @throws Exception any failure, the timeout included; its message is shown
         */
        String check(Backend backend, Duration timeout) throws Exception;
    }

    private final BackendRotation rotation;
    private final Probe probe;
    private final Duration timeout;
    private final ScheduledFuture<?> rounds;

    /** Starts checking at once, then every {@code interval} after the end of a round, on {@code scheduler}. */
    public HealthChecker(BackendRotation rotation, Probe probe, Duration interval, Duration timeout,
                         ScheduledExecutorService scheduler) {
        this.rotation = rotation;
        this.probe = probe;
        this.timeout = timeout;
        this.rounds = scheduler.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check of every backend. */
    void round() {
        for (Backend backend : rotation.backends()) {
            rotation.checked(backend, checkOne(backend));
        }
    }

    private BackendStatus.HealthCheck checkOne(Backend backend) {
        long start = System.nanoTime();
        try {
            String answer = probe.check(backend, timeout);
            return new BackendStatus.HealthCheck(Instant.now(), true, millisSince(start), answer);
        } catch (Exception e) {
            LOG.log(Level.FINE, "health check of " + backend + " failed", e);
            return new BackendStatus.HealthCheck(Instant.now(), false, millisSince(start),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Override
    public void close() {
        rounds.cancel(true);
    }
}
