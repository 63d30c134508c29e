package org.procgate.gateway.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;

/** Runs requests on named pools: streamed to a sink (the gateways), or whole (the search). */
@ApplicationScoped
public class ProgramCall {

    @Inject
    PoolDirectory pools;

    /** The pool of that name. */
    public ProgramConnectionFactory pool(String poolName) throws ProgramException {
        return pools.factory(poolName);
    }

    /** Runs the request; the answer goes to {@code sink} as the program writes it. */
    public void stream(ProgramConnectionFactory pool, ProgramRequest request, ResponseSink sink) throws ProgramException {
        try (ProgramConnection connection = pool.getConnection()) {
            connection.execute(request, sink);
        }
    }

    /**
     * Runs a request of the application's own and returns the whole, small, answer. A pool that
     * names roles is refused: the application asks on behalf of anyone, never of a signed-in user.
     */
    public ProgramResponse run(String poolName, ProgramRequest request) throws ProgramException {
        ProgramConnectionFactory pool = pools.factory(poolName);
        if (!pool.requiredRoles().isEmpty()) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + poolName
                    + " requires a signed-in user (requiredRoles), so the application cannot use it for anyone");
        }
        try (ProgramConnection connection = pool.getConnection()) {
            return connection.execute(request);
        }
    }
}
