package org.procgate.connector.threads;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every deadline of one resource adapter (request timeouts, abort graces, start checks), enforced
 * by one sweeper: a deadline is registered (a set insert) and removed when its work ends; while
 * any is registered the sweeper looks every {@value #PERIOD_MILLIS} ms and fires the overdue ones.
 * With none registered it sleeps until the next one comes, so an idle server is never woken. A
 * timer task per request would wake a thread on every request, which costs latency under load.
 */
public final class Deadlines implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Deadlines.class.getName());
    static final long PERIOD_MILLIS = 25;

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private volatile Thread sweeper;
    private volatile boolean idle;
    private volatile boolean closed;

    /** @param longRunning runs the sweeper for as long as this lives */
    public Deadlines(Executor longRunning) {
        longRunning.execute(this::sweepUntilClosed);
    }

    /** Runs {@code onExpiry} once {@code timeout} has passed, unless the deadline is cancelled first. */
    public Deadline start(Duration timeout, Runnable onExpiry) {
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos(), onExpiry);
        pending.add(deadline);
        if (idle) {
            LockSupport.unpark(sweeper);
        }
        return deadline;
    }

    private void sweepUntilClosed() {
        sweeper = Thread.currentThread();
        while (!closed) {
            // an interrupt from the server is not a stop: only close() ends the sweeper
            Thread.interrupted();
            if (pending.isEmpty()) {
                idle = true;
                if (pending.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                idle = false;
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
                fireOverdue(System.nanoTime());
            }
        }
    }

    private void fireOverdue(long now) {
        for (Deadline deadline : pending) {
            if (now - deadline.atNanos >= 0 && pending.remove(deadline)) {
                deadline.expired = true;
                try {
                    deadline.onExpiry.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a deadline's action failed", e);
                }
            }
        }
    }

    /** Ends the sweeper; deadlines still registered never fire. */
    @Override
    public void close() {
        closed = true;
        pending.clear();
        Thread thread = sweeper;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** One registered deadline. */
    public final class Deadline {
        private final long atNanos;
        private final Runnable onExpiry;
        private volatile boolean expired;

        private Deadline(long atNanos, Runnable onExpiry) {
            this.atNanos = atNanos;
            this.onExpiry = onExpiry;
        }

        /** The work ended (in time or not): the deadline no longer applies. */
        public void cancel() {
            pending.remove(this);
        }

        /** Whether the deadline passed and its action ran. */
        public boolean expired() {
            return expired;
        }
    }
}
