package org.procgate.connector.api;

import java.util.List;

/** The one exception callers of the connector handle. */
public class ProgramException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Failure failure;
    private final List<Header> headers;

    public ProgramException(Failure failure, String message) {
        this(failure, message, null, List.of());
    }

    public ProgramException(Failure failure, String message, Throwable cause) {
        this(failure, message, cause, List.of());
    }

    /**
     * @param headers headers the HTTP answer must carry, e.g. {@code Allow} with a 405
     */
    public ProgramException(Failure failure, String message, Throwable cause, List<Header> headers) {
        super(message, cause);
        this.failure = failure;
        this.headers = List.copyOf(headers);
    }

    public Failure failure() {
        return failure;
    }

    /** Headers the HTTP answer must carry (empty for most failures). */
    public List<Header> headers() {
        return headers;
    }
}
