package org.procgate.connector.api;

/**
 * A handle to one pool. Not thread-safe: use it from one thread and close it.
 * A closed handle refuses further use.
 */
public interface ProgramConnection extends AutoCloseable {

    /**
     * Runs the request on the pool's program and returns its complete response.
     *
     * @throws ProgramException with a {@link Failure} saying what went wrong
     */
    ProgramResponse execute(ProgramRequest request) throws ProgramException;

    /** Releases the handle; never throws. */
    @Override
    void close();
}
