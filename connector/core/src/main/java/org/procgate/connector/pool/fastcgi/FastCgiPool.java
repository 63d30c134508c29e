package org.procgate.connector.pool.fastcgi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.procgate.connector.pool.CrashLoopGuard;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.pool.Admission;
import org.procgate.connector.pool.Delivery;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.pool.WaitForecast;
import org.procgate.connector.pool.remote.BackendResolver;
import org.procgate.connector.pool.remote.BackendRotation;
import org.procgate.connector.pool.stats.PoolStatistics;
import org.procgate.connector.process.ResidentMemory;
import org.procgate.connector.protocol.ClientSink;
import org.procgate.connector.settings.LaunchMode;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;
import org.procgate.connector.threads.Waits;

/**
 * A pool of FastCGI workers on commons-pool2, sized like PHP-FPM's process manager: a request
 * borrows a worker (bounded wait), runs one exchange on the worker's kept-alive connection
 * under a deadline, and gives the worker back, or destroys it when the exchange did not end
 * cleanly, when it has served its requests, or when its lifetime is over.
 */
public final class FastCgiPool implements ProgramPool {

    private static final Logger LOG = Logger.getLogger(FastCgiPool.class.getName());
    /** Methods that may run twice without harm (RFC 9110 §9.2.2): the only ones ever retried. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final PoolSettings settings;
    private final PoolThreads threads;
    private final CrashLoopGuard guard;
    private final FastCgiWorkerFactory factory;
    private final WorkerSupply workers;
    private final FastCgiParams params;
    private final PoolStatistics statistics;
    private final WorkerExchange exchange;
    private final WaitForecast forecast;
    /** Signalled when a worker comes back, so close() can wait for requests in flight. */
    private final Object returned = new Object();
    private volatile boolean closed;

    public FastCgiPool(PoolSettings settings, Path socketDirectory, PoolThreads threads) {
        this.settings = settings;
        this.threads = threads;
        this.guard = new CrashLoopGuard(settings.name(), System::nanoTime);
        this.params = new FastCgiParams(settings);
        if (settings.fastcgi().launch() == LaunchMode.REMOTE) {
            BackendResolver resolver = BackendResolver.of(settings.fastcgi().addresses());
            BackendRotation rotation = RemoteWorkers.rotationOf(settings, resolver);
            this.factory = new FastCgiWorkerFactory(settings, socketDirectory, threads, guard, rotation);
            this.workers = new RemoteWorkers(settings, factory, rotation, resolver, params, threads);
        } else {
            this.factory = new FastCgiWorkerFactory(settings, socketDirectory, threads, guard, null);
            this.workers = new LocalWorkers(settings, factory);
        }
        this.statistics = new PoolStatistics(settings.slowRequestThreshold());
        this.exchange = new WorkerExchange(settings, factory, threads.deadlines(), this::release);
        this.forecast = new WaitForecast(settings.borrowTimeout(), workers::maxTotal);
        threads.tasks().execute(this::prestart);
    }

    private void prestart() {
        try {
            workers.prestart();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "pool " + settings.name() + ": could not start its first workers: " + e.getMessage());
        }
    }

    @Override
    public PoolSettings settings() {
        return settings;
    }

    @Override
    public void execute(ProgramRequest request, ResponseSink sink) throws ProgramException {
        AtomicReference<FastCgiWorker> serving = new AtomicReference<>();
        ResponseSink watched = workers.watch(sink, () -> {
            FastCgiWorker worker = serving.get();
            return worker == null ? null : worker.backend();
        });
        statistics.measure(settings.name(), request,
                () -> Delivery.deliver(settings, threads.tasks(), watched, client -> run(request, client, serving)));
    }

    /** @param serving set to the worker that serves the request, for the watching sink */
    private void run(ProgramRequest request, ClientSink sink, AtomicReference<FastCgiWorker> serving) throws ProgramException {
        Admission.check(settings, closed, request);
        Map<String, String> params = this.params.of(request);
        boolean mayRetry = IDEMPOTENT.contains(request.method());
        while (true) {
            long waiting = System.nanoTime();
            FastCgiWorker worker = borrow(request);
            serving.set(worker);
            long started = System.nanoTime();
            request.trace().waited(started - waiting);
            request.trace().servedBy(worker.pid());
            try {
                exchange.run(worker, params, request, sink);
                return;
            } catch (WorkerExchange.RetryableFailure failure) {
                if (!mayRetry) {
                    throw failure.reason();
                }
                mayRetry = false;
                LOG.fine(() -> "pool " + settings.name() + ": retrying on another worker after: " + failure.reason().getMessage());
            } finally {
                request.trace().programTook(System.nanoTime() - started);
            }
        }
    }

    private FastCgiWorker borrow(ProgramRequest request) throws ProgramException {
        if (workers.idle() == 0 && workers.active() >= workers.maxTotal()) {
            statistics.maxReached();
            forecast.admit(settings.name(), statistics.queueLength());
        }
        statistics.enterQueue();
        try {
            FastCgiWorker worker = workers.borrow(request, settings.borrowTimeout());
            statistics.startActive();
            return worker;
        } catch (ProgramException e) {
            throw e;
        } catch (NoSuchElementException e) {
            if (e.getCause() instanceof ProgramException cause) {
                throw cause;
            }
            throw forecast.overloaded("pool " + settings.name() + ": " + (e.getMessage() != null && isRemote() ? e.getMessage()
                    + " for " : "all " + workers.maxTotal() + " workers stayed busy for ") + settings.borrowTimeout().toMillis()
                    + " ms", statistics.queueLength(), e);
        } catch (IllegalStateException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + " is stopped", e);
        } catch (Exception e) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": cannot get a worker: " + e.getMessage(), e);
        } finally {
            statistics.leaveQueue();
        }
    }

    private void release(FastCgiWorker worker, boolean reusable) {
        statistics.endActive();
        if (reusable) {
            forecast.held(worker.lastRequestNanos());
        }
        int max = settings.fastcgi().maxRequestsPerWorker();
        boolean keep = reusable && worker.isHealthy() && (max <= 0 || worker.requestsServed() < max) && withinMemory(worker);
        try {
            if (keep) {
                workers.giveBack(worker);
            } else {
                statistics.workerRestarted();
                workers.discard(worker);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "pool " + settings.name() + ": could not release " + worker, e);
        }
        if (closed) {
            synchronized (returned) {
                returned.notifyAll();
            }
        }
    }

    /** A worker over {@code maxWorkerMemoryBytes} after its request is replaced: a leak is not carried on. */
    private boolean withinMemory(FastCgiWorker worker) {
        long cap = settings.fastcgi().maxWorkerMemoryBytes();
        if (cap <= 0 || worker.pid() == 0) {
            return true;
        }
        long resident = ResidentMemory.of(worker.pid());
        if (resident <= cap) {
            return true;
        }
        LOG.info(() -> "pool " + settings.name() + ": " + worker + " holds " + resident / (1024 * 1024) + " MB, over "
                + "maxWorkerMemoryBytes (" + cap / (1024 * 1024) + " MB); it is replaced");
        return false;
    }

    @Override
    public void recycle(long pid) throws ProgramException {
        FastCgiWorker worker = factory.liveWorkers().stream().filter(w -> w.pid() == pid).findFirst()
                .orElseThrow(() -> new ProgramException(Failure.NOT_FOUND, "pool " + settings.name() + " has no worker with pid " + pid));
        worker.retire();
        replaceRetired();
    }

    @Override
    public void restart() {
        factory.liveWorkers().forEach(FastCgiWorker::retire);
        replaceRetired();
    }

    /** Idle retired workers end now (the evictor validates them); busy ones end when they come back. */
    private void replaceRetired() {
        threads.tasks().execute(() -> {
            try {
                workers.replaceRetired();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "pool " + settings.name() + ": could not replace workers: " + e.getMessage());
            }
        });
    }

    @Override
    public void resize(int maxWorkers) throws ProgramException {
        int limit = settings.maxWorkers();
        if (maxWorkers < 1 || maxWorkers > limit) {
            throw new ProgramException(Failure.BAD_REQUEST, "pool " + settings.name() + " can run between 1 and "
                    + limit + " workers, not " + maxWorkers);
        }
        workers.resize(maxWorkers);
        int surplus = factory.liveWorkers().size() - maxWorkers;
        for (FastCgiWorker worker : factory.liveWorkers()) {
            if (surplus-- <= 0) {
                break;
            }
            worker.retire();
        }
        replaceRetired();
    }

    @Override
    public PoolStatus status() {
        return statistics.snapshot(occupancy(), factory.liveWorkers().stream().map(FastCgiWorker::status).toList());
    }

    @Override
    public PoolStatus summary() {
        return statistics.snapshot(occupancy(), List.of());
    }

    private PoolStatistics.Occupancy occupancy() {
        PoolStatus.State supplied = workers.state();
        PoolStatus.State state = closed ? PoolStatus.State.STOPPED : supplied != null ? supplied : guard.state(factory.liveCount());
        return new PoolStatistics.Occupancy(settings.name(), "fastcgi", state, supplied != null ? workers.reason() : guard.reason(),
                workers.minIdle(), workers.maxTotal(), workers.idle(), workers.active(), settings.optional(),
                workers.backends());
    }

    private boolean isRemote() {
        return settings.fastcgi().launch() == LaunchMode.REMOTE;
    }

    /** The workers alive now (busy ones included), for diagnostics and tests. */
    List<FastCgiWorker> liveWorkers() {
        return factory.liveWorkers();
    }

    @Override
    public void close() {
        closed = true;
        workers.close();
        Waits.until(returned, () -> workers.active() == 0, settings.drainTimeout());
        factory.terminateAll();
    }
}
