package org.procgate.connector.api;

import java.io.Serializable;

/**
 * One remote backend of a pool ({@code launch=remote}) at one moment.
 *
 * @param address     the backend, as the pool names it ({@code host:port} or {@code unix:/path})
 * @param up          whether it is in rotation (not taken out after failures)
 * @param connections connections procgate holds to it now
 * @param requests    requests it answered
 * @param failures    requests and connection attempts that failed on it
 */
public record BackendStatus(String address, boolean up, int connections, long requests, long failures)
        implements Serializable {
}
