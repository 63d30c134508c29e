package org.procgate.connector.body;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.procgate.connector.api.RequestBody;

/**
 * Copies a request body from the client to a program as it arrives, in one fixed buffer, on a
 * thread of its own while the caller reads the program's answer (a program may answer before it
 * has read all of its input). It enforces the body cap and the declared length: a body over the
 * cap, shorter than declared, or whose client failed stops the program through {@code onFailure},
 * and the program is never told the input ended.
 */
public final class BodyPump implements Runnable {

    /** What became of the body. */
    public enum Outcome {
        /** Still being copied. */
        RUNNING,
        /** Copied whole and the end of input signalled. */
        COMPLETE,
        /** Over the pool's cap. */
        TOO_LARGE,
        /** The client's stream ended before the declared length. */
        TRUNCATED,
        /** Reading the client's stream failed: the client left. */
        CLIENT_FAILED,
        /** The program stopped taking input (it exited or answered without reading it all). */
        PROGRAM_CLOSED
    }

    private static final int BUFFER_BYTES = 32 * 1024;

    private final RequestBody body;
    private final InlineBody start;
    private final long cap;
    private final BodyDestination destination;
    private final Runnable onFailure;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Outcome outcome = Outcome.RUNNING;
    private volatile boolean discard;
    private volatile long copied;

    /**
     * @param start     the part of the body already read from the stream, passed on first
     * @param cap       the most bytes passed on (0: no limit)
     * @param onFailure stops the program; called from the pump's thread when the body fails
     */
    public BodyPump(RequestBody body, InlineBody start, long cap, BodyDestination destination, Runnable onFailure) {
        this.body = body;
        this.start = start;
        this.cap = cap;
        this.destination = destination;
        this.onFailure = onFailure;
    }

    @Override
    public void run() {
        try {
            outcome = copy();
        } finally {
            done.countDown();
        }
        if (outcome == Outcome.TOO_LARGE || outcome == Outcome.TRUNCATED || outcome == Outcome.CLIENT_FAILED) {
            onFailure.run();
        }
    }

    private Outcome copy() {
        byte[] buffer = new byte[BUFFER_BYTES];
        InputStream in = body.stream();
        long declared = body.length();
        boolean programOpen = true;
        byte[] first = start.bytes();
        int firstLength = start.length();
        while (true) {
            byte[] piece = buffer;
            int n;
            if (first != null) {
                piece = first;
                n = firstLength;
                first = null;
            } else {
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    return Outcome.CLIENT_FAILED;
                }
            }
            if (n < 0) {
                break;
            }
            copied += n;
            if ((cap > 0 && copied > cap) || (declared >= 0 && copied > declared)) {
                return Outcome.TOO_LARGE;
            }
            if (programOpen && !discard) {
                try {
                    destination.write(piece, 0, n);
                } catch (IOException e) {
                    // keep reading the client's body, so the caller may answer on the same connection
                    programOpen = false;
                }
            }
        }
        if (declared >= 0 && copied < declared) {
            return Outcome.TRUNCATED;
        }
        if (!programOpen || discard) {
            return Outcome.PROGRAM_CLOSED;
        }
        try {
            destination.end();
            return Outcome.COMPLETE;
        } catch (IOException e) {
            return Outcome.PROGRAM_CLOSED;
        }
    }

    /** The program's answer is complete: what is left of the body is read and dropped. */
    public void discardRest() {
        discard = true;
    }

    /** Waits until the body is copied (or failed), at most {@code timeout}; returns whether it ended. */
    public boolean await(Duration timeout) {
        try {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Bytes read from the client so far. */
    public long copied() {
        return copied;
    }

    /** Whether the body failed in a way that is the request's fault, not the program's. */
    public boolean failed() {
        Outcome now = outcome;
        return now == Outcome.TOO_LARGE || now == Outcome.TRUNCATED || now == Outcome.CLIENT_FAILED;
    }
}
