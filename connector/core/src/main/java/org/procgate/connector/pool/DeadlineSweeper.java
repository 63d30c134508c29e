package org.procgate.connector.pool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces request deadlines without touching a timer per request: an exchange registers its
 * deadline (a map insert) and removes it when done; one task checks the registered deadlines
 * every {@value #PERIOD_MILLIS} ms and fires the overdue ones. A scheduled task per request
 * would wake the timer thread on every request, which costs latency on a busy machine.
 */
public final class DeadlineSweeper implements AutoCloseable {

    static final long PERIOD_MILLIS = 25;

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> task;

    public DeadlineSweeper(ScheduledExecutorService timer) {
        task = timer.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Registers {@code onExpiry} to run once {@code timeoutNanos} have passed, unless cancelled first. */
    public Deadline start(long timeoutNanos, Runnable onExpiry) {
        Deadline deadline = new Deadline(System.nanoTime() + timeoutNanos, onExpiry);
        pending.add(deadline);
        return deadline;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Deadline deadline : pending) {
            if (now - deadline.atNanos >= 0 && pending.remove(deadline)) {
                deadline.expired = true;
                deadline.onExpiry.run();
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
        pending.clear();
    }

    /** One exchange's deadline. */
    public final class Deadline {
        private final long atNanos;
        private final Runnable onExpiry;
        private volatile boolean expired;

        private Deadline(long atNanos, Runnable onExpiry) {
            this.atNanos = atNanos;
            this.onExpiry = onExpiry;
        }

        /** The exchange ended in time (or not): the deadline no longer applies. */
        public void cancel() {
            pending.remove(this);
        }

        /** Whether the deadline passed and {@code onExpiry} ran. */
        public boolean expired() {
            return expired;
        }
    }
}
