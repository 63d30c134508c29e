package org.procgate.connector.settings;

import java.util.Locale;

/** How a CGI pool starts its scripts. */
public enum Accelerator {
    /** Each script is executed from the server (through setsid, prlimit, setpriv). */
    NONE,
    /** The pool's resident launcher forks and executes each script in a session of its own. */
    FORK,
    /** As {@link #FORK}, and Python scripts run in the forked child with the preloaded modules. */
    PYTHON;

    public static Accelerator parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("accelerator must be 'none', 'fork' or 'python', not '" + text + "'");
        }
    }
}
