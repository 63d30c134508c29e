package org.procgate.connector.pool;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramException;

/**
 * How long a request joining a pool's queue now would wait for a worker (or CGI slot): the
 * requests ahead of it and itself, times how long the last {@value #WINDOW} requests held one on
 * average, shared among the pool's workers.
 *
 * <p>A request whose forecast passes the pool's borrow wait is refused at once (503) instead of
 * holding a server thread for the whole borrow wait only to be refused then. Under overload the
 * server's threads therefore stay free for the requests the workers can serve, the queue holds
 * about one borrow wait of work, the workers never run dry, and every request is answered within
 * about the borrow wait. Every refusal says, in {@code Retry-After}, when the queue will have room.
 */
public final class WaitForecast {

    /**
     * Requests whose hold times are averaged; until that many were measured nothing is refused
     * early. A few slow ones (a cold start, one long request) move the mean by their share only.
     */
    static final int WINDOW = 64;

    private final Duration borrowWait;
    private final IntSupplier workers;
    private final long[] holds = new long[WINDOW];
    private long sum;
    private long measured;

    /**
     * @param borrowWait how long a request may wait for a worker
     * @param workers    the pool's most workers (or CGI slots) now
     */
    public WaitForecast(Duration borrowWait, IntSupplier workers) {
        this.borrowWait = borrowWait;
        this.workers = workers;
    }

    /** A request held a worker this long and gave it back. */
    public synchronized void held(long nanos) {
        int slot = (int) (measured++ % WINDOW);
        sum += nanos - holds[slot];
        holds[slot] = nanos;
    }

    /** The wait of a request that joins a queue of {@code queued} now; zero until the forecast is warm. */
    public synchronized Duration waitFor(int queued) {
        if (measured < WINDOW) {
            return Duration.ZERO;
        }
        double meanHold = (double) sum / WINDOW;
        return Duration.ofNanos((long) ((queued + 1) * meanHold / Math.max(1, workers.getAsInt())));
    }

    /** Refuses a request that would wait longer than the borrow wait behind {@code queued} others. */
    public void admit(String pool, int queued) throws ProgramException {
        Duration wait = waitFor(queued);
        if (wait.compareTo(borrowWait) > 0) {
            throw overloaded("pool " + pool + ": " + queued + " requests are waiting for a worker, about "
                    + wait.toMillis() + " ms of work, more than the borrow wait of " + borrowWait.toMillis() + " ms", queued, null);
        }
    }

    /** The refusal of a request that found no worker, with when to try again behind {@code queued} others. */
    public ProgramException overloaded(String message, int queued, Throwable cause) {
        return new ProgramException(Failure.OVERLOADED, message, cause, List.of(retryAfter(waitFor(queued))));
    }

    /** A {@code Retry-After} header of this wait in whole seconds, at least one. */
    public static Header retryAfter(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new Header("Retry-After", Long.toString(seconds));
    }
}
