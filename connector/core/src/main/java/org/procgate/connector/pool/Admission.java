package org.procgate.connector.pool;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;

/** The checks every pool makes before a request may use a program. */
final class Admission {

    private Admission() {
    }

    static void check(PoolSettings settings, boolean closed, ProgramRequest request) throws ProgramException {
        if (closed) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + " is stopped");
        }
        if (request.body().length > settings.maxRequestBodyBytes()) {
            throw new ProgramException(Failure.REQUEST_TOO_LARGE, "request body of " + request.body().length
                    + " bytes is over the pool's limit of " + settings.maxRequestBodyBytes());
        }
    }
}
