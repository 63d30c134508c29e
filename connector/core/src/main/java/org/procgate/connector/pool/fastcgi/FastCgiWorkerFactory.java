package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.DestroyMode;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.procgate.connector.pool.CrashLoopGuard;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.remote.Backend;
import org.procgate.connector.pool.remote.BackendRotation;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;
import org.procgate.connector.threads.Waits;

/**
 * Makes FastCGI workers for one pool: starts the program on a fresh Unix socket (through
 * {@code spawn-fcgi -n} when it expects the socket on fd 0), waits until it accepts, connects the
 * one connection the pool will use, and asks the worker for its limits; or connects to the remote
 * backend a request was given ({@link #connect}). Starts are throttled after crashes.
 */
final class FastCgiWorkerFactory extends BasePooledObjectFactory<FastCgiWorker> {

    private static final Logger LOG = Logger.getLogger(FastCgiWorkerFactory.class.getName());

    private final PoolSettings settings;
    private final PoolThreads threads;
    private final WorkerLauncher launcher;
    private final CrashLoopGuard guard;
    private final BackendRotation backends;
    private final AtomicInteger ids = new AtomicInteger();
    private final Set<FastCgiWorker> live = ConcurrentHashMap.newKeySet();
    /** Guards {@link #stopping} against a worker that finishes starting while the pool stops. */
    private final Object lifecycle = new Object();
    private volatile boolean stopping;
    /** Workers being started now; guarded by {@link #lifecycle}. */
    private int starting;

    /** @param backends the remote backends' rotation, or {@code null} for a pool that starts its workers */
    FastCgiWorkerFactory(PoolSettings settings, Path socketDirectory, PoolThreads threads, CrashLoopGuard guard,
                         BackendRotation backends) {
        this.settings = settings;
        this.launcher = new WorkerLauncher(settings, socketDirectory, threads);
        this.threads = threads;
        this.guard = guard;
        this.backends = backends;
    }

    @Override
    public FastCgiWorker create() throws ProgramException {
        synchronized (lifecycle) {
            if (stopping) {
                throw poolStopping();
            }
            starting++;
        }
        try {
            return start();
        } finally {
            synchronized (lifecycle) {
                starting--;
                lifecycle.notifyAll();
            }
        }
    }

    /** A new worker, counted as starting until it is live or, if the pool stopped meanwhile, ended. */
    private FastCgiWorker start() throws ProgramException {
        guard.checkStart();
        int id = ids.incrementAndGet();
        FastCgiWorker worker;
        try {
            worker = launcher.spawn(id);
        } catch (ProgramException e) {
            guard.failed(e.getMessage());
            throw e;
        }
        guard.started();
        return keep(worker);
    }

    /** The worker, now live; or, if the pool stopped while it was starting, ended (terminateAll waits for this end). */
    private FastCgiWorker keep(FastCgiWorker worker) throws ProgramException {
        synchronized (lifecycle) {
            if (!stopping) {
                live.add(worker);
                if (worker.backend() != null) {
                    backends.connected(worker.backend(), true);
                }
                return worker;
            }
        }
        worker.terminate(settings.shutdownGrace());
        throw poolStopping();
    }

    private ProgramException poolStopping() {
        return new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + " is stopping");
    }

    /** A new connection to a remote backend, asked for its limits; a backend that refuses or does not answer gets a strike. */
    FastCgiWorker connect(Backend backend) throws ProgramException {
        synchronized (lifecycle) {
            if (stopping) {
                throw poolStopping();
            }
            starting++;
        }
        try {
            SocketChannel channel = backend.connect(settings.fastcgi().startTimeout());
            return keep(launcher.handshake(ids.incrementAndGet(), null, backend, null, channel));
        } catch (IOException e) {
            backends.failed(backend);
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": backend " + backend
                    + " refused: " + e.getMessage(), e);
        } finally {
            synchronized (lifecycle) {
                starting--;
                lifecycle.notifyAll();
            }
        }
    }

    /** A worker failed while serving: a remote backend gets a strike, a young process counts as a crash. */
    void workerFailed(FastCgiWorker worker, String why) {
        if (worker.backend() != null) {
            backends.failed(worker.backend());
        } else if (!worker.isAlive() && worker.age().compareTo(CrashLoopGuard.YOUNG) < 0) {
            guard.failed(worker + " died " + worker.age().toMillis() + " ms after starting: " + why);
        }
    }

    void workerSucceeded(FastCgiWorker worker) {
        if (worker.backend() != null) {
            backends.succeeded(worker.backend());
        }
    }

    private void forget(FastCgiWorker worker) {
        if (live.remove(worker) && worker.backend() != null) {
            backends.connected(worker.backend(), false);
        }
    }

    int liveCount() {
        return live.size();
    }

    List<FastCgiWorker> liveWorkers() {
        return List.copyOf(live);
    }

    /** Ends every worker this factory made that is still running, busy ones included. */
    void terminateAll() {
        synchronized (lifecycle) {
            stopping = true;
            awaitStarts();
        }
        for (FastCgiWorker worker : live) {
            forget(worker);
            worker.terminate(settings.shutdownGrace());
        }
    }

    /**
     * Waits for workers still starting (a maintenance run or a request may be starting one as the
     * pool stops): each ends itself once it sees the pool stopping. Bounded by the start timeout
     * and the grace: a JVM that exits must not leave one behind.
     */
    private void awaitStarts() {
        Waits.until(lifecycle, () -> starting == 0, settings.fastcgi().startTimeout().plus(settings.shutdownGrace()));
    }

    @Override
    public PooledObject<FastCgiWorker> wrap(FastCgiWorker worker) {
        return new DefaultPooledObject<>(worker);
    }

    @Override
    public boolean validateObject(PooledObject<FastCgiWorker> pooled) {
        FastCgiWorker worker = pooled.getObject();
        return worker.isHealthy();
    }

    @Override
    public void destroyObject(PooledObject<FastCgiWorker> pooled, DestroyMode mode) {
        if (mode == DestroyMode.ABANDONED) {
            FastCgiWorker abandoned = pooled.getObject();
            LOG.warning(() -> "pool " + settings.name() + ": reclaimed " + abandoned + ", borrowed "
                    + (System.currentTimeMillis() - pooled.getLastBorrowInstant().toEpochMilli()) + " ms ago for "
                    + abandoned.status().requestUri() + " and never returned");
        }
        destroyObject(pooled);
    }

    @Override
    public void destroyObject(PooledObject<FastCgiWorker> pooled) {
        destroy(pooled.getObject());
    }

    /** Ends a worker that will not serve again: its connection at once, its process off the request path. */
    void destroy(FastCgiWorker worker) {
        forget(worker);
        worker.abort();
        // ending a process may take the whole grace period: never on the request path
        threads.endOffRequestPath(() -> worker.terminate(settings.shutdownGrace()));
    }
}
