package org.procgate.connector.settings;

import java.util.Locale;

/** How a FastCGI pool reaches its workers. */
public enum LaunchMode {
    /**
     * The program expects the listening socket as file descriptor 0 (libfcgi, fcgiwrap, flup);
     * procgate starts it through {@code spawn-fcgi -n}, which execs the program.
     */
    FD0,
    /** The program binds the socket path itself; {@code {socket}} in the command is replaced by it. */
    BIND,
    /** Workers procgate does not start: running elsewhere, at the pool's {@code addresses}. */
    REMOTE;

    public static LaunchMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("launch must be 'fd0', 'bind' or 'remote', not '" + text + "'");
        }
    }
}
