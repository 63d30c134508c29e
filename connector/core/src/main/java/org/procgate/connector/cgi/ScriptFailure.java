package org.procgate.connector.cgi;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * A script that failed, with what it wrote to stderr: kept for a pool's debug page only, never
 * put in the message (which callers may show).
 */
public final class ScriptFailure extends ProgramException {

    private static final long serialVersionUID = 1L;

    private final transient String stderr;

    ScriptFailure(Failure failure, String message, Throwable cause, String stderr) {
        super(failure, message, cause);
        this.stderr = stderr;
    }

    public String stderr() {
        return stderr == null ? "" : stderr;
    }
}
