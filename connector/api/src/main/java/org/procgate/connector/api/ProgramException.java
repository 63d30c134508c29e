package org.procgate.connector.api;

/** The one exception callers of the connector handle. */
public class ProgramException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Failure failure;

    public ProgramException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public ProgramException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
