package org.procgate.connector.api;

/** Why a request to a program did not produce a response; each maps to one HTTP status. */
public enum Failure {
    /** The request itself is unusable (bad path, bad header). */
    BAD_REQUEST(400),
    /** No such script or pool. */
    NOT_FOUND(404),
    /** The file a program named for the server to send exists but the server may not read it. */
    FORBIDDEN(403),
    /** The method is not on the pool's allow-list. */
    METHOD_NOT_ALLOWED(405),
    /** The request body is over the pool's cap; the program was not started. */
    REQUEST_TOO_LARGE(413),
    /** The program exited or failed before it answered. */
    WORKER_DIED(502),
    /** The program answered with something that is not a valid response. */
    PROTOCOL_ERROR(502),
    /** Every worker stayed busy for the whole borrow wait, or the worker refused the request. */
    OVERLOADED(503),
    /** The pool cannot start workers (missing binary, crash loop) or is stopped. */
    UNAVAILABLE(503),
    /** The program did not finish within the request timeout; it was killed. */
    TIMEOUT(504),
    /**
     * The client left before the answer ended; the program was stopped (or let finish, if the
     * pool says so). Nobody is left to answer; 499 is the status access logs use for it.
     */
    CLIENT_ABORTED(499);

    private final int httpStatus;

    Failure(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status a gateway should answer with. */
    public int httpStatus() {
        return httpStatus;
    }
}
