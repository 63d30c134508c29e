package org.procgate.connector.pool.fastcgi;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.pool.remote.Backend;

/**
 * Where a pool's requests get a worker: processes the pool starts ({@link LocalWorkers}) or
 * connections to remote backends ({@link RemoteWorkers}).
 */
interface WorkerSupply {

    /**
     * A worker for this request.
     *
     * @throws java.util.NoSuchElementException none came free within {@code timeout}
     * @throws Exception                        any other reason, a ProgramException where it has one
     */
    FastCgiWorker borrow(ProgramRequest request, Duration timeout) throws Exception;

    /**
     * The sink the answer goes to, watched where the supply learns from answers (the sessions a
     * backend starts); {@code servedBy} names the remote backend that answered, once it is known.
     */
    default ResponseSink watch(ResponseSink sink, Supplier<Backend> servedBy) {
        return sink;
    }

    /** The worker served cleanly and may serve again. */
    void giveBack(FastCgiWorker worker) throws Exception;

    /** The worker must not serve again. */
    void discard(FastCgiWorker worker) throws Exception;

    /** Starts the workers a pool opens with. */
    void prestart() throws Exception;

    /** Ends idle workers marked to retire and tops up to the minimum. */
    void replaceRetired() throws Exception;

    void resize(int maxWorkers);

    int minIdle();

    int maxTotal();

    int idle();

    int active();

    /** The state the supply puts the pool in, or {@code null} to leave it to the crash-loop guard. */
    PoolStatus.State state();

    /** Why the pool is in {@link #state()}. */
    String reason();

    List<BackendStatus> backends();

    /** Takes no more borrowers; workers still out may still be given back or discarded. */
    void close();
}
