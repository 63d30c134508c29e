package org.procgate.connector.fastcgi;

import java.io.IOException;

/**
 * The worker ended the request without running it (CANT_MPX_CONN, OVERLOADED or UNKNOWN_ROLE):
 * a valid answer, not a protocol error, after which the connection may serve again.
 */
public final class RequestRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ProtocolStatus status;

    public RequestRefusedException(ProtocolStatus status) {
        super("the worker refused the request: " + status);
        this.status = status;
    }

    public ProtocolStatus status() {
        return status;
    }
}
