package org.procgate.db;

/**
 * The one failure of the database module. Its message always says what went wrong and what to
 * do about it, because whoever reads it is usually starting a server, not reading this code.
 */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
