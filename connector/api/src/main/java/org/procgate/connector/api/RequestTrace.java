package org.procgate.connector.api;

/**
 * One request's identity, and what its pool did with it: the gateway names the request (its id
 * and W3C trace context), the pool notes how long the request waited for a worker (or CGI slot),
 * which process served it and how long the program took. The access log and the server's log
 * lines about the request (slow requests, the program's stderr) read it; the program gets the id
 * and the trace context in its environment.
 */
public final class RequestTrace {

    /** A request nobody traces: no id, no trace context. */
    public static RequestTrace none() {
        return new RequestTrace("", "");
    }

    private final String requestId;
    private final String traceparent;
    private volatile long waitNanos = -1;
    private volatile long programNanos = -1;
    private volatile long waitEndedAt;
    private volatile long programEndedAt;
    private volatile long pid;
    private volatile String pool = "";

    /**
     * @param requestId   the request's id (empty: none)
     * @param traceparent the W3C {@code traceparent} the program is to see (empty: none)
     */
    public RequestTrace(String requestId, String traceparent) {
        this.requestId = requestId == null ? "" : requestId;
        this.traceparent = traceparent == null ? "" : traceparent;
    }

    public String requestId() {
        return requestId;
    }

    public String traceparent() {
        return traceparent;
    }

    /** The request reached this pool. */
    public void enteredPool(String name) {
        pool = name;
    }

    /** The pool the request reached; empty if none. */
    public String pool() {
        return pool;
    }

    /** The request waited this long for a worker or slot, and got it now. */
    public void waited(long nanos) {
        waitEndedAt = System.nanoTime();
        waitNanos = nanos;
    }

    /** This process serves the request (a FastCGI worker, a CGI script). */
    public void servedBy(long processId) {
        pid = processId;
    }

    /** The program took this long, from the request's hand-over to its answer's end, which is now. */
    public void programTook(long nanos) {
        programEndedAt = System.nanoTime();
        programNanos = nanos;
    }

    /** How long the request waited for a worker; -1 if it never got to the pool. */
    public long waitNanos() {
        return waitNanos;
    }

    /** How long the program took; -1 if no program ran. */
    public long programNanos() {
        return programNanos;
    }

    /** When ({@link System#nanoTime()}) the wait for a worker ended; meaningful if {@link #waitNanos()} is not -1. */
    public long waitEndedAt() {
        return waitEndedAt;
    }

    /** When ({@link System#nanoTime()}) the program's answer ended; meaningful if {@link #programNanos()} is not -1. */
    public long programEndedAt() {
        return programEndedAt;
    }

    /** The process that served the request; 0 if none (or a remote backend). */
    public long pid() {
        return pid;
    }

    /** {@code "request <id>: "} for log lines about the request, or empty when it has no id. */
    public String logPrefix() {
        return requestId.isEmpty() ? "" : "request " + requestId + ": ";
    }
}
