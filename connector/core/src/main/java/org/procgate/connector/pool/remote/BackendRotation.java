package org.procgate.connector.pool.remote;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * The remote backends of a pool, taken in turn. As nginx's upstream does: {@code maxFails}
 * failures within {@code failTimeout} take a backend out of rotation for {@code failTimeout};
 * if every backend is out, the one that failed longest ago is tried rather than none. No
 * backend gets more than {@code maxConnections} connections: a worker that serves one
 * connection at a time would leave a further one waiting in its listen backlog.
 */
public final class BackendRotation {

    private final List<Slot> slots;
    private final int maxFails;
    private final int maxConnections;
    private final long failTimeoutNanos;
    private final LongSupplier clock;
    private final AtomicInteger next = new AtomicInteger();

    public BackendRotation(List<Backend> backends, int maxFails, Duration failTimeout, int maxConnections,
                    LongSupplier clock) {
        this.slots = backends.stream().map(Slot::new).toList();
        this.maxFails = Math.max(1, maxFails);
        this.maxConnections = Math.max(1, maxConnections);
        this.failTimeoutNanos = failTimeout.toNanos();
        this.clock = clock;
    }

    /** The most connections all backends together may have. */
    public int capacity() {
        return slots.size() * maxConnections;
    }

    /**
     * Takes a connection place on the next backend in rotation that is up and has room; the
     * caller gives it back with {@link #release} when the connection ends.
     */
    public Backend acquire() throws ProgramException {
        long now = clock.getAsLong();
        int start = Math.floorMod(next.getAndIncrement(), slots.size());
        Slot fallback = null;
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get((start + i) % slots.size());
            synchronized (slot) {
                if (slot.connections >= maxConnections) {
                    continue;
                }
                if (now >= slot.downUntil) {
                    slot.connections++;
                    return slot.backend;
                }
                if (fallback == null || slot.downUntil < fallback.downUntil) {
                    fallback = slot;
                }
            }
        }
        if (fallback != null && slots.stream().allMatch(s -> isDown(s.backend))) {
            synchronized (fallback) {
                if (fallback.connections < maxConnections) {
                    fallback.connections++;
                    return fallback.backend;
                }
            }
        }
        throw new ProgramException(Failure.OVERLOADED, "every backend that is up already has its " + maxConnections
                + " connection(s)");
    }

    public void release(Backend backend) {
        Slot slot = slotOf(backend);
        synchronized (slot) {
            slot.connections = Math.max(0, slot.connections - 1);
        }
    }

    public void failed(Backend backend) {
        long now = clock.getAsLong();
        Slot slot = slotOf(backend);
        synchronized (slot) {
            slot.failed++;
            if (now - slot.windowStart > failTimeoutNanos) {
                slot.windowStart = now;
                slot.failures = 0;
            }
            if (++slot.failures >= maxFails) {
                slot.downUntil = now + failTimeoutNanos;
                slot.failures = 0;
            }
        }
    }

    public void succeeded(Backend backend) {
        Slot slot = slotOf(backend);
        synchronized (slot) {
            slot.failures = 0;
            slot.answered++;
        }
    }

    /** Each backend now: in rotation or not, its connections, what it answered and what failed on it. */
    public List<BackendStatus> status() {
        long now = clock.getAsLong();
        return slots.stream().map(slot -> {
            synchronized (slot) {
                return new BackendStatus(slot.backend.toString(), now >= slot.downUntil, slot.connections, slot.answered,
                        slot.failed);
            }
        }).toList();
    }

    public boolean isDown(Backend backend) {
        Slot slot = slotOf(backend);
        synchronized (slot) {
            return clock.getAsLong() < slot.downUntil;
        }
    }

    private Slot slotOf(Backend backend) {
        for (Slot slot : slots) {
            if (slot.backend == backend) {
                return slot;
            }
        }
        throw new IllegalArgumentException("not a backend of this pool: " + backend);
    }

    private static final class Slot {
        final Backend backend;
        int failures;
        int connections;
        long answered;
        long failed;
        long windowStart;
        long downUntil = Long.MIN_VALUE;

        Slot(Backend backend) {
            this.backend = backend;
        }
    }
}
