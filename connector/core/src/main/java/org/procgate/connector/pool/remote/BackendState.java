package org.procgate.connector.pool.remote;

import java.time.Instant;

/**
 * What the pool knows of one backend: requests on it now, what it answered and failed, the
 * failures counted against it (nginx's {@code max_fails}) and its health checks (HAProxy's
 * {@code fall} and {@code rise}). Guarded by the rotation's lock.
 */
final class BackendState {

    final Backend backend;
    /** Requests sent to it and not finished. */
    int outstanding;
    /** Connections held to it, busy or idle. */
    int connections;
    /** Requests given to it since the pool started. */
    long chosen;
    long answered;
    long failed;
    /** Failures in the current window, when the window began, and until when they keep it out. */
    int windowFailures;
    long windowStart;
    long downUntil = Long.MIN_VALUE;
    /** Out of rotation by its health checks, and the checks passed or failed in a row. */
    boolean checkedDown;
    int passesInARow;
    int failuresInARow;
    Instant lastCheck;
    boolean lastCheckPassed;
    long lastCheckMillis;
    String lastCheckDetail = "";
    /** Raised each time it leaves rotation: connections made before are not used again. */
    long generation;
    /** Smooth weighted round-robin among backends equally loaded. */
    long turn;
    /** No longer among the pool's backends (its name no longer has this address). */
    boolean removed;

    BackendState(Backend backend) {
        this.backend = backend;
    }

    boolean inRotation(long now) {
        return !removed && !checkedDown && now >= downUntil;
    }

    /** Why it is out of rotation, or "up". */
    String state(long now) {
        if (removed) {
            return "removed";
        }
        if (checkedDown) {
            return "down: checks";
        }
        return now < downUntil ? "down: failures" : "up";
    }
}
