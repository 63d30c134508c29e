package org.procgate.connector.api;

import java.io.Serializable;
import java.time.Instant;

/**
 * A snapshot of one worker process.
 *
 * @param pid              the process id
 * @param state            what the worker is doing
 * @param startTime        when it started
 * @param requestsServed   requests it has answered
 * @param requestUri       the request it is serving, or the last one it served
 * @param durationMillis   how long the current request has run, or how long the last one took
 * @param residentBytes    resident memory of the process (0 where it cannot be read)
 * @param requestMethod    the method of the request it is serving, or of the last one
 * @param contentLength    that request's declared body length (-1: none declared, e.g. chunked)
 * @param script           that request's script (SCRIPT_FILENAME, or the script name)
 * @param user             that request's signed-in user, or empty
 * @param durationMicros   {@code durationMillis} to the microsecond
 * @param cpuPercent       the process's CPU time since it started, as a share of one core over that time
 *                         (0 where it cannot be read)
 */
public record WorkerStatus(long pid, State state, Instant startTime, long requestsServed, String requestUri,
                           long durationMillis, long residentBytes, String requestMethod, long contentLength,
                           String script, String user, long durationMicros, double cpuPercent) implements Serializable {

    /** What a worker is doing. */
    public enum State {
        STARTING, IDLE, BUSY, DRAINING, EXITING
    }
}
