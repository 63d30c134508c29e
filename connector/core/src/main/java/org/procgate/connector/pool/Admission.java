package org.procgate.connector.pool;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.settings.PoolSettings;

/** The checks every pool makes before a request may use a program. */
public final class Admission {

    private Admission() {
    }

    public static void check(PoolSettings settings, boolean closed, ProgramRequest request) throws ProgramException {
        if (closed) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + " is stopped");
        }
        long declared = request.body().length();
        long cap = settings.maxRequestBodyBytes();
        if (cap > 0 && declared > cap) {
            // refused before any program starts; a body of unknown length is cut at the cap as it streams
            throw new ProgramException(Failure.REQUEST_TOO_LARGE, "request body of " + declared
                    + " bytes is over the pool's limit of " + cap);
        }
    }
}
