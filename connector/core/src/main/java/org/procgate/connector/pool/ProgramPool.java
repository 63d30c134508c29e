package org.procgate.connector.pool;

import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;

/** A named pool that runs requests on its program: FastCGI workers or CGI processes. */
public interface ProgramPool extends AutoCloseable {

    PoolSettings settings();

    /**
     * Runs the request.
     *
     * @param mountPath the path the pool is served under (CGI pools resolve the script below it)
     */
    ProgramResponse execute(ProgramRequest request) throws ProgramException;

    /** Stops the pool: every process it started is ended, in-flight requests fail. Never throws. */
    @Override
    void close();
}
