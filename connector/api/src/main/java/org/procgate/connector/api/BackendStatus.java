package org.procgate.connector.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * One remote backend of a pool ({@code launch=remote}) at one moment.
 *
 * @param address     the backend, as the pool names it ({@code host:port}, {@code ip:port (name)} or {@code unix:/path})
 * @param up          whether it is in rotation
 * @param connections connections procgate holds to it now
 * @param requests    requests it answered
 * @param failures    requests and connection attempts that failed on it
 * @param state       {@code up}, {@code down: failures} (taken out after failed requests), {@code down: checks}
 *                    (taken out by its health checks) or {@code removed} (its name no longer has it)
 * @param weight      its weight among the pool's backends
 * @param outstanding requests on it now
 * @param share       the fraction of the pool's requests it was given, 0 to 1
 * @param lastCheck   its last health check, or {@code null} if it has none
 */
public record BackendStatus(String address, boolean up, int connections, long requests, long failures, String state,
                            int weight, int outstanding, double share, HealthCheck lastCheck) implements Serializable {

    /** A backend with no health checks, alone in its pool. */
    public BackendStatus(String address, boolean up, int connections, long requests, long failures) {
        this(address, up, connections, requests, failures, up ? "up" : "down: failures", 1, 0, 1, null);
    }

    /**
     * One active health check.
     *
     * @param at       when it ended
     * @param passed   whether the backend answered as it must
     * @param millis   how long it took
     * @param detail   what failed, or what the backend answered
     */
    public record HealthCheck(Instant at, boolean passed, long millis, String detail) implements Serializable {
    }
}
