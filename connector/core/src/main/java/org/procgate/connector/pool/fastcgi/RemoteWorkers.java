package org.procgate.connector.pool.fastcgi;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.pool.remote.Affinity;
import org.procgate.connector.pool.remote.Backend;
import org.procgate.connector.pool.remote.BackendResolver;
import org.procgate.connector.pool.remote.BackendRotation;
import org.procgate.connector.pool.remote.HealthChecker;
import org.procgate.connector.pool.remote.LearnedSessions;
import org.procgate.connector.settings.BackendSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;

/**
 * Connections to remote backends. Each request takes a place on the backend the rotation chooses
 * for it, then an idle connection to that backend or a new one; a connection made before the
 * backend last left rotation is closed rather than used. Names are looked up again and backends
 * checked on two daemon threads of the pool's own, stopped with it.
 */
final class RemoteWorkers implements WorkerSupply {

    private static final Logger LOG = Logger.getLogger(RemoteWorkers.class.getName());
    /** How often idle connections to backends that left rotation are closed. */
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);

    private final PoolSettings settings;
    private final FastCgiWorkerFactory factory;
    private final BackendRotation rotation;
    private final Affinity affinity;
    /** For cookie affinity: which backend started each session; {@code null} otherwise. */
    private final LearnedSessions sessions;
    private final ScheduledExecutorService upkeep;
    private final HealthChecker checker;
    /** Idle connections per backend, and the generation of the backend each was made in; guarded by this. */
    private final Map<Backend, Deque<FastCgiWorker>> idle = new HashMap<>();
    private final Map<FastCgiWorker, Long> madeIn = new HashMap<>();
    private int idleCount;
    private volatile int maxTotal;

    RemoteWorkers(PoolSettings settings, FastCgiWorkerFactory factory, BackendRotation rotation, BackendResolver resolver,
                  FastCgiParams params, PoolThreads threads) {
        this.settings = settings;
        this.factory = factory;
        this.rotation = rotation;
        BackendSettings backends = settings.fastcgi().backends();
        this.affinity = Affinity.of(backends.affinity());
        this.sessions = affinity.learnedSessions();
        this.maxTotal = settings.maxWorkers();
        rotation.limit(maxTotal);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2,
                PoolThreads.daemonThreads("procgate-backends-" + settings.name()));
        executor.setRemoveOnCancelPolicy(true);
        this.upkeep = executor;
        upkeep.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        if (resolver.hasNames() && !backends.resolveInterval().isZero()) {
            long every = backends.resolveInterval().toMillis();
            upkeep.scheduleWithFixedDelay(() -> lookUpAgain(resolver), every, every, TimeUnit.MILLISECONDS);
        }
        this.checker = backends.checked() ? new HealthChecker(rotation, new FastCgiHealthProbe(backends.healthCheck(), params,
                threads), backends.checkInterval(), backends.checkTimeout(), upkeep) : null;
    }

    /** The rotation of a pool's backends as its settings declare them, names looked up now. */
    static BackendRotation rotationOf(PoolSettings settings, BackendResolver resolver) {
        FastCgiSettings fastcgi = settings.fastcgi();
        return new BackendRotation(resolver.resolve(), fastcgi.backendMaxFails(), fastcgi.backendFailTimeout(),
                fastcgi.backendMaxConnections(), fastcgi.backends().fall(), fastcgi.backends().rise(), System::nanoTime);
    }

    private void lookUpAgain(BackendResolver resolver) {
        try {
            rotation.update(resolver.resolve());
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pool " + settings.name() + ": looking up its backends failed", e);
        }
    }

    /**
     * A connection to the backend chosen for this request. A backend that refuses the connection
     * gets a strike and the request goes to another, as nginx's {@code proxy_next_upstream error}:
     * nothing of the request was sent yet, so any method may go elsewhere.
     */
    @Override
    public FastCgiWorker borrow(ProgramRequest request, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String key = affinity.keyOf(request);
        Backend owner = sessions == null ? null : sessions.ownerOf(key);
        ProgramException refused = null;
        int attempts = rotation.backends().size() + 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Backend backend = acquire(key, owner, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            try {
                FastCgiWorker worker = takeIdle(backend);
                return worker != null ? worker : open(backend);
            } catch (ProgramException e) {
                rotation.release(backend);
                if (e.failure() != Failure.UNAVAILABLE) {
                    throw e;
                }
                refused = e;
            } catch (RuntimeException e) {
                rotation.release(backend);
                throw e;
            }
        }
        throw refused;
    }

    private Backend acquire(String key, Backend owner, Duration wait) throws ProgramException {
        try {
            return rotation.acquire(key, owner, wait);
        } catch (ProgramException e) {
            if (e.failure() == Failure.OVERLOADED) {
                throw new NoSuchElementException(e.getMessage());
            }
            throw e;
        }
    }

    private FastCgiWorker open(Backend backend) throws ProgramException {
        long generation = rotation.generation(backend);
        FastCgiWorker worker = factory.connect(backend);
        synchronized (this) {
            madeIn.put(worker, generation);
        }
        return worker;
    }

    private FastCgiWorker takeIdle(Backend backend) {
        List<FastCgiWorker> stale = new ArrayList<>();
        FastCgiWorker found = null;
        synchronized (this) {
            Deque<FastCgiWorker> connections = idle.get(backend);
            while (found == null && connections != null && !connections.isEmpty()) {
                FastCgiWorker worker = connections.pop();
                idleCount--;
                if (usable(worker)) {
                    found = worker;
                } else {
                    stale.add(worker);
                }
            }
        }
        stale.forEach(this::close);
        return found;
    }

    /** Healthy, and made since its backend last left rotation. Called holding this. */
    private boolean usable(FastCgiWorker worker) {
        Long generation = madeIn.get(worker);
        return worker.isHealthy() && generation != null && generation == rotation.generation(worker.backend());
    }

    @Override
    public ResponseSink watch(ResponseSink sink, Supplier<Backend> servedBy) {
        return sessions == null ? sink : sessions.watching(sink, servedBy);
    }

    /**
     * The connection goes back among the idle ones before its place on the backend is freed: a
     * request that takes the place then finds it, rather than opening one more than the backend's
     * {@code backendMaxConnections} (a worker pinned by each would leave none for the next).
     */
    @Override
    public void giveBack(FastCgiWorker worker) {
        boolean kept;
        synchronized (this) {
            kept = usable(worker);
            if (kept) {
                idle.computeIfAbsent(worker.backend(), b -> new ArrayDeque<>()).push(worker);
                idleCount++;
            }
        }
        if (!kept) {
            close(worker);
        }
        rotation.release(worker.backend());
    }

    @Override
    public void discard(FastCgiWorker worker) {
        close(worker);
        rotation.release(worker.backend());
    }

    private void close(FastCgiWorker worker) {
        synchronized (this) {
            madeIn.remove(worker);
        }
        factory.destroy(worker);
    }

    /** Closes idle connections that may not serve again: retired, broken, or to a backend that left rotation. */
    private void sweep() {
        List<FastCgiWorker> stale = new ArrayList<>();
        synchronized (this) {
            for (Deque<FastCgiWorker> connections : idle.values()) {
                connections.removeIf(worker -> !usable(worker) && stale.add(worker));
            }
            idleCount -= stale.size();
        }
        stale.forEach(this::close);
    }

    @Override
    public void prestart() {
        // connections are made as requests need them, to the backends they are sent to
    }

    @Override
    public void replaceRetired() {
        sweep();
    }

    @Override
    public void resize(int maxWorkers) {
        maxTotal = maxWorkers;
        rotation.limit(maxWorkers);
    }

    @Override
    public int minIdle() {
        return 0;
    }

    @Override
    public int maxTotal() {
        return maxTotal;
    }

    @Override
    public synchronized int idle() {
        return idleCount;
    }

    @Override
    public int active() {
        return rotation.outstanding();
    }

    @Override
    public PoolStatus.State state() {
        List<BackendStatus> backends = backends();
        long up = backends.stream().filter(BackendStatus::up).count();
        if (up == backends.size() && up > 0) {
            return PoolStatus.State.RUNNING;
        }
        return up == 0 ? PoolStatus.State.FAILED : PoolStatus.State.DEGRADED;
    }

    @Override
    public String reason() {
        List<String> out = backends().stream().filter(b -> !b.up()).map(b -> b.address() + " " + b.state()).toList();
        return backends().isEmpty() ? "no backends: the names have no addresses" : out.isEmpty() ? null : String.join(", ", out);
    }

    @Override
    public List<BackendStatus> backends() {
        return rotation.status();
    }

    @Override
    public void close() {
        if (checker != null) {
            checker.close();
        }
        upkeep.shutdownNow();
        List<FastCgiWorker> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
            idleCount = 0;
        }
        all.forEach(this::close);
    }
}
