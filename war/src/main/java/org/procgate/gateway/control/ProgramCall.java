package org.procgate.gateway.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;

/** Runs requests on named pools: streamed to a sink (the gateways), or whole (the search). */
@ApplicationScoped
public class ProgramCall {

    @Inject
    PoolDirectory pools;

    /** Runs the request; the answer goes to {@code sink} as the program writes it. */
    public void stream(String poolName, ProgramRequest request, ResponseSink sink) throws ProgramException {
        try (ProgramConnection connection = pools.factory(poolName).getConnection()) {
            connection.execute(request, sink);
        }
    }

    /** Runs the request and returns the whole, small, answer. */
    public ProgramResponse run(String poolName, ProgramRequest request) throws ProgramException {
        try (ProgramConnection connection = pools.factory(poolName).getConnection()) {
            return connection.execute(request);
        }
    }
}
