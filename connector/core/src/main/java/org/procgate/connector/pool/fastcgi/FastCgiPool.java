package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.commons.pool2.impl.AbandonedConfig;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.body.BodyFailure;
import org.procgate.connector.cgi.MetaVariables;
import org.procgate.connector.cgi.PathDecoder;
import org.procgate.connector.cgi.ResolvedScript;
import org.procgate.connector.cgi.ScriptResolver;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.fastcgi.RequestRefusedException;
import org.procgate.connector.pool.Admission;
import org.procgate.connector.pool.Delivery;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.pool.stats.PoolStatistics;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ClientGoneException;
import org.procgate.connector.protocol.ClientSink;
import org.procgate.connector.protocol.ProtocolException;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.ProcessManager;
import org.procgate.connector.threads.Deadlines;
import org.procgate.connector.threads.PoolThreads;

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
    /** How often idle workers are checked for idleness, lifetime and health (PHP-FPM does it every second). */
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(1);
    /** How long a worker may take to end a request after FCGI_ABORT_REQUEST before it is replaced. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(1);

    private final PoolSettings settings;
    private final PoolThreads threads;
    private final CrashLoopGuard guard;
    private final FastCgiWorkerFactory factory;
    private final GenericObjectPool<FastCgiWorker> workers;
    private final MetaVariables metaVariables;
    private final ScriptResolver documentRoot;
    private final PoolStatistics statistics;
    private final Deadlines deadlines;
    private volatile boolean closed;

    public FastCgiPool(PoolSettings settings, Path socketDirectory, PoolThreads threads) {
        this.settings = settings;
        this.threads = threads;
        this.guard = new CrashLoopGuard(settings.name(), System::nanoTime);
        this.factory = new FastCgiWorkerFactory(settings, socketDirectory, threads, guard);
        this.workers = new GenericObjectPool<>(factory, poolConfig(settings, factory.capacity(settings.maxWorkers())),
                abandonedConfig(settings));
        this.metaVariables = new MetaVariables(settings.headerAllowList(), settings.passAuthorization(), Map.of());
        this.documentRoot = documentRoot(settings);
        this.statistics = new PoolStatistics(settings.slowRequestThreshold());
        this.deadlines = threads.deadlines();
        threads.tasks().execute(this::prestart);
    }

    private static ScriptResolver documentRoot(PoolSettings settings) {
        Path root = settings.fastcgi().documentRoot();
        if (root == null) {
            return null;
        }
        try {
            return new ScriptResolver(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("pool " + settings.name() + ": documentRoot " + root + " is not readable: "
                    + e.getMessage(), e);
        }
    }

    /** @param max the most workers: maxWorkers, or less where remote backends cannot take that many connections */
    private static GenericObjectPoolConfig<FastCgiWorker> poolConfig(PoolSettings settings, int max) {
        FastCgiSettings fastcgi = settings.fastcgi();
        GenericObjectPoolConfig<FastCgiWorker> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(max);
        // idle workers above maxSpare end at the next maintenance run, never on return (SpareWorkerPolicy)
        config.setMaxIdle(max);
        config.setMinIdle(fastcgi.minIdle(max));
        config.setEvictionPolicy(new SpareWorkerPolicy(fastcgi.maxIdle(max), MAINTENANCE_PERIOD));
        // commons-pool2 waits forever by default; a request never does
        config.setBlockWhenExhausted(true);
        config.setMaxWait(settings.borrowTimeout());
        // waiters queue in arrival order on the deque's condition either way; a fair lock on top would also
        // pass the lock from thread to thread on every borrow and return. Every wait ends at borrowTimeout.
        config.setFairness(false);
        config.setLifo(true);
        config.setTestOnBorrow(true);
        config.setTestWhileIdle(true);
        config.setTimeBetweenEvictionRuns(MAINTENANCE_PERIOD);
        config.setNumTestsPerEvictionRun(max);
        config.setMinEvictableIdleDuration(Duration.ofMillis(-1));
        config.setSoftMinEvictableIdleDuration(fastcgi.processManager() == ProcessManager.STATIC
                ? Duration.ofMillis(-1) : fastcgi.idleTimeout());
        config.setJmxEnabled(false);
        return config;
    }

    /**
     * A worker is only ever borrowed inside {@link #execute}, which the watchdog bounds; one still
     * out long after that (a bug, not a slow program) is taken back, and the factory logs which
     * request held it.
     */
    private static AbandonedConfig abandonedConfig(PoolSettings settings) {
        AbandonedConfig config = new AbandonedConfig();
        config.setRemoveAbandonedOnMaintenance(true);
        config.setRemoveAbandonedTimeout(settings.requestTimeout().plus(settings.shutdownGrace()).plusSeconds(30));
        config.setLogAbandoned(false);
        return config;
    }

    private void prestart() {
        try {
            workers.addObjects(settings.fastcgi().initialWorkers(settings.maxWorkers()));
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
        statistics.measure(settings.name(), request,
                () -> Delivery.deliver(settings, threads.tasks(), sink, client -> run(request, client)));
    }

    private void run(ProgramRequest request, ClientSink sink) throws ProgramException {
        Admission.check(settings, closed, request);
        Map<String, String> params = params(request);
        boolean mayRetry = IDEMPOTENT.contains(request.method());
        while (true) {
            FastCgiWorker worker = borrow();
            try {
                exchange(worker, params, request, sink);
                return;
            } catch (RetryableFailure failure) {
                if (!mayRetry) {
                    throw failure.reason;
                }
                mayRetry = false;
                LOG.fine(() -> "pool " + settings.name() + ": retrying on another worker after: " + failure.reason.getMessage());
            }
        }
    }

    /** The meta-variables; with a document root, SCRIPT_FILENAME is the file the path names. */
    private Map<String, String> params(ProgramRequest request) throws ProgramException {
        if (documentRoot == null) {
            return metaVariables.build(request, request.scriptName(), PathDecoder.decodeOnce(request.pathInfo()), null, null);
        }
        ResolvedScript script = documentRoot.resolve(request.scriptName(), request.pathInfo(), false);
        Map<String, String> params = metaVariables.build(request, script.scriptName(), script.pathInfo(),
                script.file().toString(), null);
        params.put("DOCUMENT_ROOT", documentRoot.root().toString());
        return params;
    }

    private void exchange(FastCgiWorker worker, Map<String, String> params, ProgramRequest request, ClientSink sink)
            throws ProgramException, RetryableFailure {
        Deadlines.Deadline deadline = deadlines.start(settings.requestTimeout(), worker::abort);
        FastCgiClient client = worker.client();
        StderrCapture stderr = new StderrCapture(settings.maxStderrBytes());
        boolean reusable = false;
        worker.requestStarted(request.requestUri());
        try {
            CgiResponseParser parser = new CgiResponseParser(settings.maxHeaderBytes(), settings.maxResponseBytes(), sink);
            client.execute(params, request.body(), settings.maxRequestBodyBytes(), parser, stderr);
            reusable = true;
            factory.workerSucceeded(worker);
            if (sink.gone() != null) {
                throw clientAborted("the program finished", sink.gone());
            }
        } catch (RequestRefusedException e) {
            reusable = true;
            ProgramException reason = new ProgramException(Failure.OVERLOADED, "pool " + settings.name() + ": " + worker
                    + " refused the request (" + e.status() + ")", e);
            if (client.bodyResendable()) {
                throw new RetryableFailure(reason);
            }
            throw reason;
        } catch (ClientGoneException e) {
            deadline.cancel();
            reusable = abort(worker, client);
            throw clientAborted(reusable ? "the worker ended the request" : "the worker was replaced", e);
        } catch (BodyFailure e) {
            reusable = client.isReusable();
            throw e.toProgramException(settings.name());
        } catch (ProtocolException e) {
            throw failure(deadline.expired(), Failure.PROTOCOL_ERROR, worker + " sent an invalid response: " + e.getMessage(), e);
        } catch (IOException e) {
            ProgramException reason = failure(deadline.expired(), Failure.WORKER_DIED, worker + " failed: " + e.getMessage(), e);
            if (!deadline.expired()) {
                factory.workerFailed(worker, e.getMessage());
                if (!client.answerStarted() && client.bodyResendable()) {
                    throw new RetryableFailure(reason);
                }
            }
            throw reason;
        } finally {
            deadline.cancel();
            client.settleBody();
            worker.requestEnded();
            stderr.logTo(LOG, "pool " + settings.name() + " " + worker);
            release(worker, reusable && !deadline.expired() && client.isReusable());
        }
    }

    /** FCGI_ABORT_REQUEST, then the rest of the answer dropped; past the grace the connection is cut. */
    private boolean abort(FastCgiWorker worker, FastCgiClient client) {
        Deadlines.Deadline grace = deadlines.start(ABORT_GRACE, worker::abort);
        try {
            return client.abortRequest() && !grace.expired();
        } finally {
            grace.cancel();
        }
    }

    private ProgramException clientAborted(String outcome, Exception cause) {
        return new ProgramException(Failure.CLIENT_ABORTED, "pool " + settings.name()
                + ": the client went away before the answer ended; " + outcome, cause);
    }

    private ProgramException failure(boolean timedOut, Failure failure, String message, Exception cause) {
        if (timedOut) {
            return new ProgramException(Failure.TIMEOUT, "pool " + settings.name() + ": no answer within "
                    + settings.requestTimeout().toMillis() + " ms; the worker was killed", cause);
        }
        return new ProgramException(failure, "pool " + settings.name() + ": " + message, cause);
    }

    private FastCgiWorker borrow() throws ProgramException {
        if (workers.getNumIdle() == 0 && workers.getNumActive() >= settings.maxWorkers()) {
            statistics.maxReached();
        }
        statistics.enterQueue();
        try {
            FastCgiWorker worker = workers.borrowObject(settings.borrowTimeout());
            statistics.startActive();
            return worker;
        } catch (ProgramException e) {
            throw e;
        } catch (NoSuchElementException e) {
            if (e.getCause() instanceof ProgramException cause) {
                throw cause;
            }
            throw new ProgramException(Failure.OVERLOADED, "pool " + settings.name() + ": all " + settings.maxWorkers()
                    + " workers stayed busy for " + settings.borrowTimeout().toMillis() + " ms", e);
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
        int max = settings.fastcgi().maxRequestsPerWorker();
        boolean keep = reusable && worker.isHealthy() && (max <= 0 || worker.requestsServed() < max);
        try {
            if (keep) {
                workers.returnObject(worker);
            } else {
                statistics.workerRestarted();
                workers.invalidateObject(worker);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "pool " + settings.name() + ": could not release " + worker, e);
        }
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
                workers.evict();
                workers.preparePool();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "pool " + settings.name() + ": could not replace workers: " + e.getMessage());
            }
        });
    }

    @Override
    public void resize(int maxWorkers) throws ProgramException {
        int limit = factory.capacity(settings.maxWorkers());
        if (maxWorkers < 1 || maxWorkers > limit) {
            throw new ProgramException(Failure.BAD_REQUEST, "pool " + settings.name() + " can run between 1 and "
                    + limit + " workers, not " + maxWorkers);
        }
        FastCgiSettings fastcgi = settings.fastcgi();
        workers.setMinIdle(Math.min(fastcgi.minIdle(settings.maxWorkers()), maxWorkers));
        workers.setMaxIdle(maxWorkers);
        workers.setEvictionPolicy(new SpareWorkerPolicy(Math.min(fastcgi.maxIdle(settings.maxWorkers()), maxWorkers),
                MAINTENANCE_PERIOD));
        workers.setMaxTotal(maxWorkers);
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
        PoolStatus.State state = closed ? PoolStatus.State.STOPPED : guard.state(factory.liveCount());
        return new PoolStatistics.Occupancy(settings.name(), "fastcgi", state, guard.reason(), workers.getMinIdle(),
                workers.getMaxTotal(), workers.getNumIdle(), workers.getNumActive());
    }

    /** The workers alive now (busy ones included), for diagnostics and tests. */
    List<FastCgiWorker> liveWorkers() {
        return factory.liveWorkers();
    }

    @Override
    public void close() {
        closed = true;
        workers.close();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (workers.getNumActive() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        factory.terminateAll();
    }

    /** An attempt that failed before the worker answered anything: safe to repeat if the method is idempotent. */
    private static final class RetryableFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ProgramException reason;

        RetryableFailure(ProgramException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }
    }
}
