package org.procgate.connector.settings;

import java.util.Locale;

/** How a FastCGI pool sizes itself, as PHP-FPM's {@code pm} does. */
public enum ProcessManager {
    /** Always {@code maxWorkers} workers. */
    STATIC,
    /** Starts {@code startWorkers}; keeps between {@code minSpareWorkers} and {@code maxSpareWorkers} idle. */
    DYNAMIC,
    /** No worker until a request needs one; idle workers end after {@code idleTimeout}. */
    ONDEMAND;

    public static ProcessManager parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("processManager must be 'static', 'dynamic' or 'ondemand', not '" + text + "'");
        }
    }
}
