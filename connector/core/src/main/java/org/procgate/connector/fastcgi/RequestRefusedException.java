package org.procgate.connector.fastcgi;

import org.procgate.connector.protocol.ProtocolException;

/** The worker ended the request without running it (CANT_MPX_CONN, OVERLOADED or UNKNOWN_ROLE). */
public final class RequestRefusedException extends ProtocolException {

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
