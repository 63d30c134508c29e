package org.procgate.connector.pool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.cgi.MetaVariables;
import org.procgate.connector.cgi.PathDecoder;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.fastcgi.RequestRefusedException;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ProtocolException;

/**
 * A pool of FastCGI worker processes on commons-pool2: a request borrows a worker (bounded
 * wait), runs one exchange on the worker's kept-alive connection under a deadline, and gives
 * the worker back, or destroys it when the exchange did not end cleanly.
 */
public final class FastCgiPool implements ProgramPool {

    private static final Logger LOG = Logger.getLogger(FastCgiPool.class.getName());
    /** Methods that may run twice without harm (RFC 9110 §9.2.2): the only ones ever retried. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final PoolSettings settings;
    private final SharedExecutors executors;
    private final FastCgiWorkerFactory factory;
    private final GenericObjectPool<FastCgiWorker> workers;
    private final MetaVariables metaVariables;
    private final PoolStatistics statistics;
    private volatile boolean closed;

    public FastCgiPool(PoolSettings settings, Path socketDirectory, SharedExecutors executors) {
        this.settings = settings;
        this.executors = executors;
        this.factory = new FastCgiWorkerFactory(settings, socketDirectory, executors);
        this.workers = new GenericObjectPool<>(factory, poolConfig(settings));
        this.metaVariables = new MetaVariables(settings.headerAllowList(), settings.passAuthorization(), Map.of());
        this.statistics = new PoolStatistics(settings.slowRequestThreshold());
        executors.io().execute(this::prestart);
    }

    private static GenericObjectPoolConfig<FastCgiWorker> poolConfig(PoolSettings settings) {
        GenericObjectPoolConfig<FastCgiWorker> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(settings.maxWorkers());
        config.setMaxIdle(settings.maxWorkers());
        config.setMinIdle(settings.fastcgi().minWorkers());
        // commons-pool2 waits forever by default; a request never does
        config.setBlockWhenExhausted(true);
        config.setMaxWait(settings.borrowTimeout());
        config.setFairness(true);
        config.setLifo(true);
        config.setTestOnBorrow(true);
        config.setTestWhileIdle(true);
        config.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(5));
        config.setNumTestsPerEvictionRun(settings.maxWorkers());
        config.setMinEvictableIdleDuration(java.time.Duration.ofMillis(-1));
        config.setSoftMinEvictableIdleDuration(java.time.Duration.ofMinutes(5));
        config.setJmxEnabled(false);
        return config;
    }

    private void prestart() {
        try {
            workers.preparePool();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "pool " + settings.name() + ": could not start its minimum workers: " + e.getMessage());
        }
    }

    @Override
    public PoolSettings settings() {
        return settings;
    }

    @Override
    public ProgramResponse execute(ProgramRequest request) throws ProgramException {
        long start = statistics.accept();
        Failure failure = null;
        try {
            return run(request);
        } catch (ProgramException e) {
            failure = e.failure();
            throw e;
        } finally {
            statistics.finished(start, failure, "pool " + settings.name() + ": " + request.method() + " " + request.requestUri());
        }
    }

    private ProgramResponse run(ProgramRequest request) throws ProgramException {
        Admission.check(settings, closed, request);
        Map<String, String> params = metaVariables.build(request, request.scriptName(),
                PathDecoder.decodeOnce(request.pathInfo()), null, null);
        boolean mayRetry = IDEMPOTENT.contains(request.method());
        while (true) {
            FastCgiWorker worker = borrow();
            try {
                return exchange(worker, params, request.body());
            } catch (RetryableFailure failure) {
                if (!mayRetry) {
                    throw failure.reason;
                }
                mayRetry = false;
                LOG.fine(() -> "pool " + settings.name() + ": retrying on another worker after: " + failure.reason.getMessage());
            }
        }
    }

    private ProgramResponse exchange(FastCgiWorker worker, Map<String, String> params, byte[] body)
            throws ProgramException, RetryableFailure {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = executors.watchdog().schedule(() -> {
            timedOut.set(true);
            worker.abort();
        }, settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        FastCgiClient client = worker.client();
        StderrCapture stderr = new StderrCapture(settings.maxStderrBytes());
        boolean reusable = false;
        try {
            CgiResponseParser parser = new CgiResponseParser(settings.maxHeaderBytes(), settings.maxResponseBytes());
            ProgramResponse response = client.execute(params, body, parser, stderr);
            worker.countRequest();
            reusable = true;
            return response;
        } catch (RequestRefusedException e) {
            reusable = true;
            throw new RetryableFailure(new ProgramException(Failure.OVERLOADED, "pool " + settings.name() + ": " + worker
                    + " refused the request (" + e.status() + ")", e));
        } catch (ProtocolException e) {
            throw failure(timedOut.get(), Failure.PROTOCOL_ERROR, worker + " sent an invalid response: " + e.getMessage(), e);
        } catch (IOException e) {
            ProgramException reason = failure(timedOut.get(), Failure.WORKER_DIED, worker + " failed: " + e.getMessage(), e);
            if (!timedOut.get() && !client.answerStarted()) {
                throw new RetryableFailure(reason);
            }
            throw reason;
        } finally {
            deadline.cancel(false);
            stderr.logTo(LOG, "pool " + settings.name() + " " + worker);
            release(worker, reusable && !timedOut.get() && client.isReusable());
        }
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
    public PoolStatus status() {
        int idle = workers.getNumIdle();
        int active = workers.getNumActive();
        return new PoolStatus(settings.name(), "fastcgi", closed ? PoolStatus.State.STOPPED : PoolStatus.State.RUNNING, "",
                settings.fastcgi().minWorkers(), settings.maxWorkers(), statistics.started(), statistics.accepted(),
                statistics.queueLength(), statistics.maxQueueLength(), idle, active, idle + active, statistics.maxActive(),
                statistics.maxReachedCount(), statistics.slowRequests(), statistics.failureCounts(), statistics.restarts(),
                statistics.meanLatencyMillis(), statistics.p99LatencyMillis(), List.of());
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
