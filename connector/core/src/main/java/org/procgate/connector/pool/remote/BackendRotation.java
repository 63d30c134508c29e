package org.procgate.connector.pool.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * The remote backends of a pool and the requests on each. A request takes a place on the backend
 * {@link LeastOutstanding} chooses (or its session's, with {@link Affinity}) among those in
 * rotation with room: no backend has more than {@code maxConnections} requests, the pool no more
 * than its limit; a request that finds none waits, bounded. A backend leaves rotation after
 * {@code maxFails} failed requests within {@code failTimeout}, for {@code failTimeout} (nginx's
 * upstream), or after {@code fall} failed health checks until {@code rise} pass (HAProxy's). If
 * every backend is out, the one whose failures end first is tried rather than none.
 */
public final class BackendRotation {

    private static final Logger LOG = Logger.getLogger(BackendRotation.class.getName());

    private final List<BackendState> states = new ArrayList<>();
    private final int maxFails;
    private final int maxConnections;
    private final long failTimeoutNanos;
    private final int fall;
    private final int rise;
    private final LongSupplier clock;
    private long given;
    private int outstanding;
    private int limit = Integer.MAX_VALUE;

    /** Backends with failure counting only (a check that passes or fails brings it in or out at once). */
    public BackendRotation(List<Backend> backends, int maxFails, Duration failTimeout, int maxConnections, LongSupplier clock) {
        this(backends, maxFails, failTimeout, maxConnections, 1, 1, clock);
    }

    public BackendRotation(List<Backend> backends, int maxFails, Duration failTimeout, int maxConnections, int fall,
                           int rise, LongSupplier clock) {
        backends.forEach(b -> states.add(new BackendState(b)));
        this.maxFails = Math.max(1, maxFails);
        this.maxConnections = Math.max(1, maxConnections);
        this.failTimeoutNanos = failTimeout.toNanos();
        this.fall = Math.max(1, fall);
        this.rise = Math.max(1, rise);
        this.clock = clock;
    }

    /** The most requests the pool may have on all backends together. */
    public synchronized void limit(int requests) {
        limit = Math.max(1, requests);
        notifyAll();
    }

    /** Requests on all backends now. */
    public synchronized int outstanding() {
        return outstanding;
    }

    /** A place on the backend chosen at once, if any has room. */
    public Backend acquire() throws ProgramException {
        return acquire(null, Duration.ZERO);
    }

    /**
     * Takes a place for one request on a backend; the caller gives it back with {@link #release}.
     *
     * @param affinityKey the request's session key, or {@code null}
     * @param wait        how long to wait when every backend that may take it is full
     */
    public synchronized Backend acquire(String affinityKey, Duration wait) throws ProgramException {
        return acquire(affinityKey, null, wait);
    }

    /**
     * As {@link #acquire(String, Duration)}, with the backend that started the request's session,
     * which it goes to while that backend is in rotation.
     *
     * @param owner the session's backend, or {@code null} if none is known
     */
    public synchronized Backend acquire(String affinityKey, Backend owner, Duration wait) throws ProgramException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (states.stream().allMatch(s -> s.removed || s.checkedDown)) {
                throw new ProgramException(Failure.UNAVAILABLE, states.isEmpty() ? "the pool has no backends (its names "
                        + "have no addresses)" : "no backend is in rotation: every one failed its health checks");
            }
            BackendState chosen = choose(affinityKey, owner);
            if (chosen != null) {
                chosen.outstanding++;
                chosen.chosen++;
                outstanding++;
                given++;
                return chosen.backend;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ProgramException(Failure.OVERLOADED, "every backend that is up already has its " + maxConnections
                        + " connection(s) busy" + (limit < Integer.MAX_VALUE ? ", or the pool its " + limit : ""));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProgramException(Failure.UNAVAILABLE, "interrupted while waiting for a backend", e);
            }
        }
    }

    private BackendState choose(String affinityKey, Backend owner) {
        if (outstanding >= limit) {
            return null;
        }
        long now = clock.getAsLong();
        List<BackendState> inRotation = states.stream().filter(s -> s.inRotation(now)).toList();
        if (inRotation.isEmpty()) {
            return lastResort(now);
        }
        if (affinityKey != null) {
            BackendState learned = owner == null ? null : find(owner);
            BackendState target = learned != null && learned.inRotation(now) ? learned : Affinity.owner(affinityKey, inRotation);
            return target.outstanding < maxConnections ? target : null;
        }
        List<BackendState> withRoom = inRotation.stream().filter(s -> s.outstanding < maxConnections).toList();
        return withRoom.isEmpty() ? null : LeastOutstanding.choose(withRoom);
    }

    /** Every backend is out: the one out only for failures that end first, if it has room. */
    private BackendState lastResort(long now) {
        BackendState first = null;
        for (BackendState state : states) {
            if (!state.removed && !state.checkedDown && (first == null || state.downUntil < first.downUntil)) {
                first = state;
            }
        }
        return first != null && first.outstanding < maxConnections ? first : null;
    }

    public synchronized void release(Backend backend) {
        BackendState state = find(backend);
        if (state != null && state.outstanding > 0) {
            state.outstanding--;
            outstanding--;
            pruneRemoved();
        }
        notifyAll();
    }

    /** A connection to it was opened or closed. */
    public synchronized void connected(Backend backend, boolean opened) {
        BackendState state = find(backend);
        if (state != null) {
            state.connections = Math.max(0, state.connections + (opened ? 1 : -1));
            pruneRemoved();
        }
    }

    public synchronized void failed(Backend backend) {
        long now = clock.getAsLong();
        BackendState state = find(backend);
        if (state == null) {
            return;
        }
        state.failed++;
        if (now - state.windowStart > failTimeoutNanos) {
            state.windowStart = now;
            state.windowFailures = 0;
        }
        if (++state.windowFailures >= maxFails) {
            if (now >= state.downUntil) {
                state.generation++;
                LOG.info(() -> "backend " + backend + " leaves rotation for " + failTimeoutNanos / 1_000_000
                        + " ms after " + maxFails + " failure(s)");
            }
            state.downUntil = now + failTimeoutNanos;
            state.windowFailures = 0;
        }
    }

    public synchronized void succeeded(Backend backend) {
        BackendState state = find(backend);
        if (state != null) {
            state.windowFailures = 0;
            state.answered++;
        }
    }

    /** The outcome of one health check: {@code fall} failures in a row take it out, {@code rise} passes bring it back. */
    public synchronized void checked(Backend backend, BackendStatus.HealthCheck check) {
        BackendState state = find(backend);
        if (state == null) {
            return;
        }
        state.lastCheck = check.at();
        state.lastCheckPassed = check.passed();
        state.lastCheckMillis = check.millis();
        state.lastCheckDetail = check.detail();
        if (check.passed()) {
            state.failuresInARow = 0;
            if (++state.passesInARow >= rise && state.checkedDown) {
                state.checkedDown = false;
                LOG.info(() -> "backend " + backend + " is back in rotation after " + rise + " passed check(s)");
                notifyAll();
            }
        } else {
            state.passesInARow = 0;
            if (++state.failuresInARow >= fall && !state.checkedDown) {
                state.checkedDown = true;
                state.generation++;
                LOG.warning(() -> "backend " + backend + " leaves rotation after " + fall + " failed check(s): "
                        + check.detail());
            }
        }
    }

    /** Raised each time the backend leaves rotation: a connection made under an older one is not used again. */
    public synchronized long generation(Backend backend) {
        BackendState state = find(backend);
        return state == null ? -1 : state.generation;
    }

    /** Whether requests may go to it now (a removed or unknown backend may not). */
    public synchronized boolean isDown(Backend backend) {
        BackendState state = find(backend);
        return state == null || !state.inRotation(clock.getAsLong());
    }

    /**
     * The backends after a new lookup: new ones join, those no longer there are removed once they
     * have no requests left (their requests finish where they are).
     */
    public synchronized void update(List<Backend> backends) {
        for (Backend backend : backends) {
            BackendState state = find(backend);
            if (state == null) {
                states.add(new BackendState(backend));
                LOG.info(() -> "backend " + backend + " joins");
            } else if (state.removed) {
                state.removed = false;
            }
        }
        for (BackendState state : states) {
            if (!backends.contains(state.backend) && !state.removed) {
                state.removed = true;
                state.generation++;
                LOG.info(() -> "backend " + state.backend + " leaves: its name no longer has it");
            }
        }
        pruneRemoved();
        notifyAll();
    }

    /** Removed backends leave the list once nothing of theirs is left. */
    private void pruneRemoved() {
        states.removeIf(s -> s.removed && s.outstanding == 0 && s.connections == 0);
    }

    /** The backends now, removed ones still draining included. */
    public synchronized List<Backend> backends() {
        return states.stream().map(s -> s.backend).toList();
    }

    /** Each backend now: in rotation or not and why, its load, its share, what it answered, what failed, its last check. */
    public synchronized List<BackendStatus> status() {
        long now = clock.getAsLong();
        return states.stream().map(s -> new BackendStatus(s.backend.toString(), s.inRotation(now), s.connections, s.answered,
                s.failed, s.state(now), s.backend.weight(), s.outstanding, given == 0 ? 0 : (double) s.chosen / given,
                s.lastCheck == null ? null : new BackendStatus.HealthCheck(s.lastCheck, s.lastCheckPassed,
                        s.lastCheckMillis, s.lastCheckDetail))).toList();
    }

    private BackendState find(Backend backend) {
        for (BackendState state : states) {
            if (state.backend == backend) {
                return state;
            }
        }
        return null;
    }
}
