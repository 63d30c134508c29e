package org.procgate.connector.pool;

import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.protocol.BodyCollector;
import org.procgate.connector.settings.PoolSettings;

/** A named pool that runs requests on its program: FastCGI workers or CGI processes. */
public interface ProgramPool extends AutoCloseable {

    PoolSettings settings();

    /**
     * Runs the request, passing the answer to {@code sink} as the program writes it. A CGI pool
     * finds the script in the request's path info (see {@link ProgramRequest#pathInfo()}).
     */
    void execute(ProgramRequest request, ResponseSink sink) throws ProgramException;

    /** Runs the request and collects the whole answer (capped: see {@link BodyCollector}). */
    default ProgramResponse execute(ProgramRequest request) throws ProgramException {
        BodyCollector collector = new BodyCollector(settings().maxResponseBytes());
        execute(request, collector);
        return collector.response();
    }

    /** A snapshot of the pool's state, counters and workers (their memory read from /proc); never waits for a worker. */
    PoolStatus status();

    /** The same snapshot without the per-worker entries: counters and sizes only, nothing read from /proc. */
    PoolStatus summary();

    /** Ends the worker with this pid after its current request; NOT_FOUND if the pool has no such worker. */
    void recycle(long pid) throws ProgramException;

    /** Replaces every worker; requests in flight finish first. */
    void restart();

    /** Sets the current maximum of workers, between 1 and the configured {@code maxWorkers}. */
    void resize(int maxWorkers) throws ProgramException;

    /** Stops the pool: every process it started is ended, in-flight requests fail. Never throws. */
    @Override
    void close();
}
