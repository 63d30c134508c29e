package org.procgate.connector.spool;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.protocol.GrowableByteArray;

/**
 * Response buffering, as nginx's {@code fastcgi_buffering on}: the program writes into a spool
 * (memory, then a temporary file) and never waits for a slow client; a drainer passes the spool
 * on to the client, flushing whenever it has caught up, so output still reaches the client as the
 * program writes it. The program's worker is released as soon as the program has finished, while
 * the drainer goes on.
 *
 * <p>A short answer costs no thread: the drainer starts only when the program pauses mid-answer
 * or the memory part is full; otherwise {@link #finish} passes the held bytes on from the
 * caller's thread. The drainer is the only thread that touches the client's sink once it runs.
 */
public final class SpoolingSink implements ResponseSink {

    /** nginx's convention: a program that answers with {@code X-Accel-Buffering: no} is passed through. */
    public static final String PASS_THROUGH_HEADER = "X-Accel-Buffering";
    /**
     * How long the program waits for a client that is behind before its output goes to the file:
     * a client that keeps up never costs a file write, one slower than the memory part per this
     * long (256 KB per 20 ms, about 13 MB/s) lets the program run ahead.
     */
    static final Duration SPILL_AFTER = Duration.ofMillis(20);

    private final ResponseSink client;
    private final ResponseSpool spool;
    private final Executor drainers;
    /** The longest the program's side or the client's side may wait without progress. */
    private final Duration stallLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private GrowableByteArray spare = new GrowableByteArray(4096);
    /** The program asked for its answer unbuffered ({@code X-Accel-Buffering: no}). */
    private boolean passThrough;
    private boolean draining;
    private boolean finished;
    private boolean abandoned;
    private boolean drainerDone;
    /** The whole answer, held in memory, went to the client at the program's end of output. */
    private boolean delivered;
    /** The program's output ended while the drainer had some left: it ends the answer when it has passed it all on. */
    private boolean endOfOutput;
    private IOException clientFailure;

    /**
     * @param memoryCap  bytes held in memory before spilling
     * @param fileCap    bytes the temporary file may hold (0: no spilling; the program then waits)
     * @param directory  where the temporary file goes
     * @param stallLimit how long either side may wait for the other before the answer fails
     */
    public SpoolingSink(ResponseSink client, int memoryCap, long fileCap, Path directory, Executor drainers,
                        Duration stallLimit) {
        this.client = client;
        this.spool = new ResponseSpool(memoryCap, fileCap, directory);
        this.drainers = drainers;
        this.stallLimit = stallLimit;
    }

    @Override
    public void head(int status, List<Header> headers) throws IOException {
        passThrough = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(PASS_THROUGH_HEADER)
                && h.value().trim().equalsIgnoreCase("no"));
        client.head(status, headers); // before any drainer exists: on the caller's thread
    }

    /** Nothing to hold: the gateway serves the path once the program is released. */
    @Override
    public void localRedirect(String location) throws IOException {
        client.localRedirect(location);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (passThrough) {
            client.write(bytes, offset, length);
            return;
        }
        lock.lock();
        try {
            long now = System.nanoTime();
            long waitUntil = now + stallLimit.toNanos();
            long spillAt = now + SPILL_AFTER.toNanos();
            while (true) {
                failIfClientGone();
                if (spool.hasMemoryRoom(length)) {
                    break;
                }
                startDrainer(); // full: the answer is a long one
                // a client that keeps up frees the memory at once; only one that does not makes it spill
                if (System.nanoTime() - spillAt >= 0 && spool.hasFileRoom(length)) {
                    break;
                }
                awaitChange(spool.hasFileRoom(length) ? Math.min(waitUntil, spillAt) : waitUntil, waitUntil,
                        "the client took none of the answer for " + stallLimit.toMillis() + " ms");
            }
            spool.put(bytes, offset, length);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The program paused: from now on the drainer passes its output on as it comes. */
    @Override
    public void flush() throws IOException {
        if (passThrough) {
            client.flush();
            return;
        }
        lock.lock();
        try {
            failIfClientGone();
            startDrainer();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The program has finished: passes on what is held and returns when the client has it all.
     *
     * @throws IOException the client went away, or took nothing for the stall limit
     */
    public void finish() throws IOException {
        lock.lock();
        try {
            if (delivered) {
                return;
            }
            finished = true;
            changed.signalAll();
            if (draining) {
                long waitUntil = System.nanoTime() + stallLimit.toNanos();
                long lastFileSize = -1;
                while (!drainerDone) {
                    long now = spool.fileSize() + spool.memorySize();
                    if (now != lastFileSize) { // progress: the stall clock starts again
                        lastFileSize = now;
                        waitUntil = System.nanoTime() + stallLimit.toNanos();
                    }
                    awaitChange(waitUntil, "the client took none of the answer for " + stallLimit.toMillis() + " ms");
                }
                failIfClientGone();
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            passOnHeld();
        } finally {
            spool.close();
        }
    }

    /** The answer failed: the drainer stops; returns once it no longer touches the client's sink. */
    /**
     * The program's end of output: the answer ends as soon as the client has everything the program
     * wrote, without waiting for the program's exit. Held whole in memory, it goes to the client
     * now; while the drainer is passing it on, the drainer ends it when it is done, and the
     * program is released meanwhile as always.
     */
    @Override
    public void end() throws IOException {
        lock.lock();
        try {
            if (finished || abandoned) {
                return;
            }
            if (draining) {
                endOfOutput = true;
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        finish();
        lock.lock();
        try {
            delivered = true;
        } finally {
            lock.unlock();
        }
        client.end();
    }

    public void abandon() {
        lock.lock();
        try {
            abandoned = true;
            changed.signalAll();
            long waitUntil = System.nanoTime() + stallLimit.toNanos();
            while (draining && !drainerDone && System.nanoTime() < waitUntil) {
                changed.await(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
            if (!draining) {
                spool.close();
            }
        }
    }

    private void passOnHeld() throws IOException {
        while (!spool.isEmpty()) {
            ResponseSpool.Taken taken = spool.take(spare);
            writeToClient(taken);
        }
    }

    private void startDrainer() {
        if (!draining) {
            draining = true;
            drainers.execute(this::drain);
        }
    }

    private void drain() {
        boolean endAnswer = false;
        try {
            while (true) {
                ResponseSpool.Taken taken;
                boolean last;
                lock.lock();
                try {
                    while (spool.isEmpty() && !finished && !endOfOutput && !abandoned) {
                        changed.await();
                    }
                    if (abandoned || spool.isEmpty()) {
                        endAnswer = endOfOutput && !abandoned;
                        break;
                    }
                    taken = spool.take(spare);
                    last = spool.isEmpty();
                    changed.signalAll(); // room for the program
                } finally {
                    lock.unlock();
                }
                writeToClient(taken);
                if (last) {
                    client.flush(); // caught up with the program: what it wrote reaches the client now
                }
            }
            if (endAnswer) {
                client.end(); // the program's output ended and the client has it all
            }
        } catch (IOException e) {
            lock.lock();
            try {
                clientFailure = e;
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.lock();
            try {
                drainerDone = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            spool.close();
        }
    }

    private void writeToClient(ResponseSpool.Taken taken) throws IOException {
        if (taken.memory() != null) {
            GrowableByteArray bytes = taken.memory();
            client.write(bytes.array(), 0, bytes.size());
            bytes.clear();
            lock.lock();
            try {
                spare = bytes;
            } finally {
                lock.unlock();
            }
        } else {
            client.write(taken.fileChunk().array(), 0, taken.fileChunk().limit());
        }
    }

    private void failIfClientGone() throws IOException {
        if (clientFailure != null) {
            throw clientFailure;
        }
    }

    private void awaitChange(long untilNanos, String stalled) throws IOException {
        awaitChange(untilNanos, untilNanos, stalled);
    }

    /** Waits for the other side until {@code wakeNanos}; fails once {@code failNanos} has passed. */
    private void awaitChange(long wakeNanos, long failNanos, String stalled) throws IOException {
        if (failNanos - System.nanoTime() <= 0) {
            throw new IOException(stalled);
        }
        long left = Math.max(1, wakeNanos - System.nanoTime());
        try {
            changed.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while passing the answer on");
        }
        if (drainerDone && clientFailure == null && !finished && draining) {
            throw new IOException("the answer's drainer stopped");
        }
    }
}
