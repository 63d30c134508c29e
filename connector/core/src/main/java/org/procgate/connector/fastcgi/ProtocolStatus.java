package org.procgate.connector.fastcgi;

import org.procgate.connector.protocol.ProtocolException;

/** The protocol status of an END_REQUEST: whether the worker served the request or refused it. */
public enum ProtocolStatus {
    REQUEST_COMPLETE(0),
    CANT_MPX_CONN(1),
    OVERLOADED(2),
    UNKNOWN_ROLE(3);

    /** Constants are declared in code order, so a code is an index. */
    private static final ProtocolStatus[] BY_CODE = values();

    private final int code;

    ProtocolStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws ProtocolException if no protocol status has this code */
    public static ProtocolStatus from(int code) throws ProtocolException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new ProtocolException("unknown protocol status " + code);
        }
        return BY_CODE[code];
    }
}
