package org.procgate.connector.fastcgi;

/** The role a BEGIN_REQUEST asks the worker to play. */
public enum Role {
    RESPONDER(1),
    AUTHORIZER(2),
    FILTER(3);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
