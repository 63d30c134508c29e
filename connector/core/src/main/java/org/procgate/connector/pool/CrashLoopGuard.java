package org.procgate.connector.pool;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;

/**
 * Throttles the starts of a pool's resident processes (FastCGI workers, a CGI pool's launcher)
 * after crashes, as PHP-FPM's emergency restart and mod_fcgid's spawn
 * throttling do: after {@value #FREE_FAILURES} failures in a row (a start that failed, or a
 * worker that died young), each further start waits twice as long as the one before, up to
 * {@link #MAX_BACKOFF}. While it waits, borrowers are told at once, with the last reason.
 */
public final class CrashLoopGuard {

    public static final int FREE_FAILURES = 2;
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A worker that dies sooner than this after starting counts as a crash at start. */
    public static final Duration YOUNG = Duration.ofSeconds(5);

    private final String pool;
    private final LongSupplier clock;
    private int consecutiveFailures;
    private long nextStartNanos;
    private String reason = "";

    public CrashLoopGuard(String pool, LongSupplier clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Refuses a start while the backoff lasts. */
    public synchronized void checkStart() throws ProgramException {
        long wait = nextStartNanos - clock.getAsLong();
        if (consecutiveFailures > FREE_FAILURES && wait > 0) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + pool + " cannot start workers (" + reason
                    + "); next attempt in " + (wait / 1_000_000 + 1) + " ms", null,
                    List.of(WaitForecast.retryAfter(Duration.ofNanos(wait))));
        }
    }

    public synchronized void started() {
        consecutiveFailures = 0;
        reason = "";
    }

    public synchronized void failed(String why) {
        consecutiveFailures++;
        reason = why;
        if (consecutiveFailures > FREE_FAILURES) {
            int doublings = Math.min(consecutiveFailures - FREE_FAILURES - 1, 16);
            long backoff = Math.min(FIRST_BACKOFF.toNanos() << doublings, MAX_BACKOFF.toNanos());
            nextStartNanos = clock.getAsLong() + backoff;
        }
    }

    /** FAILED when starts keep failing and no worker is left, DEGRADED while failures repeat. */
    public synchronized PoolStatus.State state(int liveWorkers) {
        if (consecutiveFailures > FREE_FAILURES && liveWorkers == 0) {
            return PoolStatus.State.FAILED;
        }
        return consecutiveFailures > 0 ? PoolStatus.State.DEGRADED : PoolStatus.State.RUNNING;
    }

    public synchronized String reason() {
        return reason;
    }
}
