package org.procgate.connector.process;

/** The one exception of the process layer: a program could not be started or signalled. */
public class ProcessException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProcessException(String message) {
        super(message);
    }

    public ProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
