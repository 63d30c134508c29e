package org.procgate.connector.pool.cgi;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.cgi.CgiLimits;
import org.procgate.connector.cgi.CgiRunner;
import org.procgate.connector.cgi.DebugPage;
import org.procgate.connector.cgi.MetaVariables;
import org.procgate.connector.cgi.ResolvedScript;
import org.procgate.connector.cgi.ResourceLimits;
import org.procgate.connector.cgi.ScriptFailure;
import org.procgate.connector.cgi.ScriptLaunch;
import org.procgate.connector.cgi.ScriptResolver;
import org.procgate.connector.cgi.SearchArguments;
import org.procgate.connector.launcher.ChildLimits;
import org.procgate.connector.launcher.ForkLauncher;
import org.procgate.connector.pool.Admission;
import org.procgate.connector.pool.Delivery;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.pool.WaitForecast;
import org.procgate.connector.pool.stats.PoolStatistics;
import org.procgate.connector.process.PidsLimit;
import org.procgate.connector.protocol.ClientSink;
import org.procgate.connector.settings.Accelerator;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;

/**
 * CGI scripts from one directory as a managed resource: at most {@code maxWorkers} processes at
 * once, a bounded wait for a slot, then "overloaded". Every request is counted in the same
 * statistics as a FastCGI pool's; the scripts in flight show as busy workers.
 * <p>
 * The request's {@code scriptName} is the mount path and its {@code pathInfo} the raw path
 * below it; the pool finds the script and splits SCRIPT_NAME from PATH_INFO.
 */
public final class CgiPool implements ProgramPool {

    /** How long a pool's launcher, and each script it forks, may take to start. */
    private static final Duration LAUNCHER_START_TIMEOUT = Duration.ofSeconds(10);

    private final PoolSettings settings;
    private final ScriptResolver resolver;
    private final CgiRunner runner;
    private final ResizableSemaphore slots;
    private final WaitForecast forecast;
    private final Optional<PidsLimit> processCap;
    private final PoolStatistics statistics;
    private final List<Header> allowHeader;
    private final PoolThreads threads;
    /** The pool's resident launcher, with an accelerator; {@code null} when each script is executed. */
    private final LauncherStarter launcher;
    private volatile boolean closed;

    public CgiPool(PoolSettings settings, PoolThreads threads) {
        this.settings = settings;
        this.threads = threads;
        CgiSettings cgi = settings.cgi();
        try {
            this.resolver = new ScriptResolver(cgi.scriptRoot());
        } catch (IOException e) {
            throw new IllegalArgumentException("pool " + settings.name() + ": script directory " + cgi.scriptRoot()
                    + " is not readable: " + e.getMessage(), e);
        }
        MetaVariables variables = new MetaVariables(settings.headerAllowList(), settings.passAuthorization(),
                settings.environment());
        CgiLimits limits = new CgiLimits(settings.requestTimeout(), settings.maxResponseBytes(),
                settings.maxRequestBodyBytes(), settings.maxHeaderBytes(), settings.maxStderrBytes(), settings.shutdownGrace());
        this.processCap = cgi.maxProcesses() > 0 ? PidsLimit.create(settings.name(), cgi.maxProcesses()) : Optional.empty();
        // a cgroup caps the pool's own processes; without one, RLIMIT_NPROC caps every process of the user
        ResourceLimits resourceLimits = new ResourceLimits(cgi.cpuSeconds(), cgi.addressSpaceBytes(),
                processCap.isPresent() ? 0 : cgi.maxProcesses());
        ScriptLaunch launch = new ScriptLaunch(settings.command(), settings.workingDirectory(), resourceLimits,
                cgi.searchArguments() ? SearchArguments.matching(cgi.searchArgumentPattern()) : SearchArguments.OFF,
                cgi.nph(), cgi.ownSession(), settings.identity(), processCap.map(PidsLimit::prefix).orElse(List.of()));
        this.launcher = cgi.accelerator() == Accelerator.NONE ? null : launcher(settings, resourceLimits, threads);
        this.runner = new CgiRunner(launch, launcher != null ? launcher : launch.exec(), variables, limits, threads);
        this.slots = new ResizableSemaphore(settings.maxWorkers());
        this.forecast = new WaitForecast(settings.borrowTimeout(), slots::size);
        this.statistics = new PoolStatistics(settings.slowRequestThreshold());
        this.allowHeader = List.of(new Header("Allow", String.join(", ", new TreeSet<>(cgi.allowedMethods()))));
    }

    /** The pool's launcher: as the pool's user, in its cgroup (joined before anything else), with only its environment. */
    private LauncherStarter launcher(PoolSettings settings, ResourceLimits resourceLimits, PoolThreads threads) {
        List<String> wrappers = new ArrayList<>(processCap.map(PidsLimit::prefix).orElse(List.of()));
        wrappers.addAll(settings.identity().prefix());
        Map<String, String> environment = new LinkedHashMap<>(Map.of("PATH", MetaVariables.DEFAULT_PATH));
        environment.putAll(settings.environment());
        ForkLauncher.Options options = new ForkLauncher.Options(settings.name(),
                settings.cgi().accelerator() == Accelerator.PYTHON, settings.cgi().preload(), wrappers, settings.identity(),
                environment, LAUNCHER_START_TIMEOUT);
        LauncherStarter starter = new LauncherStarter(options, new ChildLimits(resourceLimits.cpuSeconds(),
                resourceLimits.addressSpaceBytes(), resourceLimits.maxProcesses()), threads.longRunning());
        starter.startEarly();
        return starter;
    }

    @Override
    public PoolSettings settings() {
        return settings;
    }

    @Override
    public void execute(ProgramRequest request, ResponseSink sink) throws ProgramException {
        statistics.measure(settings.name(), request, () -> {
            checkMethod(request.method(), settings.cgi().allowedMethods());
            Admission.check(settings, closed, request);
            ResolvedScript script = resolver.resolve(request.scriptName(), request.pathInfo());
            Delivery.deliver(settings, threads.tasks(), sink, client -> runScript(script, request, client));
        });
    }

    private void runScript(ResolvedScript script, ProgramRequest request, ClientSink client) throws ProgramException {
        long waiting = System.nanoTime();
        acquire();
        statistics.startActive();
        long start = System.nanoTime();
        request.trace().waited(start - waiting);
        try {
            runner.run(script, request, client);
        } catch (ScriptFailure e) {
            if (settings.cgi().debug() && !client.headSent()) {
                send(DebugPage.of(e), client);
                return;
            }
            throw e;
        } finally {
            statistics.endActive();
            long held = System.nanoTime() - start;
            request.trace().programTook(held);
            forecast.held(held);
            slots.release();
        }
    }

    private static void send(ProgramResponse page, ResponseSink sink) throws ProgramException {
        try {
            sink.head(page.status(), page.headers());
            sink.write(page.body(), 0, page.body().length);
        } catch (IOException e) {
            throw new ProgramException(Failure.CLIENT_ABORTED, "the client went away before the debug page", e);
        }
    }

    private void checkMethod(String method, Set<String> allowed) throws ProgramException {
        if (!allowed.contains(method)) {
            throw new ProgramException(Failure.METHOD_NOT_ALLOWED, "method " + method + " is not allowed on pool "
                    + settings.name() + "; allowed: " + allowHeader.get(0).value(), null, allowHeader);
        }
    }

    private void acquire() throws ProgramException {
        if (slots.availablePermits() == 0) {
            statistics.maxReached();
            forecast.admit(settings.name(), statistics.queueLength());
        }
        statistics.enterQueue();
        try {
            if (!slots.tryAcquire(settings.borrowTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw forecast.overloaded("pool " + settings.name() + ": all " + slots.size() + " CGI slots stayed busy for "
                        + settings.borrowTimeout().toMillis() + " ms", statistics.queueLength(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProgramException(Failure.UNAVAILABLE, "interrupted while waiting for a CGI slot", e);
        } finally {
            statistics.leaveQueue();
        }
    }

    /** Waits, at most {@code drainTimeout}, until every slot is free: the scripts in flight have answered. */
    private void drain() {
        long drain = settings.drainTimeout().toMillis();
        if (drain <= 0) {
            return;
        }
        int size = slots.size();
        try {
            if (slots.tryAcquire(size, drain, TimeUnit.MILLISECONDS)) {
                slots.release(size);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void recycle(long pid) throws ProgramException {
        throw new ProgramException(Failure.NOT_FOUND, "pool " + settings.name() + " runs one process per request; it has no workers to recycle");
    }

    /** Starts the pool's launcher again, if it has one; nothing else is kept between requests. */
    @Override
    public void restart() {
        if (launcher != null) {
            launcher.restart();
        }
    }

    @Override
    public void resize(int maxWorkers) throws ProgramException {
        if (maxWorkers < 1 || maxWorkers > settings.maxWorkers()) {
            throw new ProgramException(Failure.BAD_REQUEST, "pool " + settings.name() + " can run between 1 and "
                    + settings.maxWorkers() + " processes at once, not " + maxWorkers);
        }
        slots.resize(maxWorkers);
    }

    @Override
    public PoolStatus status() {
        if (launcher == null) {
            return statistics.snapshot(occupancy(), runner.running());
        }
        List<WorkerStatus> workers = new ArrayList<>();
        launcher.status().ifPresent(workers::add);
        workers.addAll(runner.running());
        return statistics.snapshot(occupancy(), workers);
    }

    @Override
    public PoolStatus summary() {
        return statistics.snapshot(occupancy(), List.of());
    }

    private PoolStatistics.Occupancy occupancy() {
        return new PoolStatistics.Occupancy(settings.name(), "cgi",
                closed ? PoolStatus.State.STOPPED : launcher != null ? launcher.state() : PoolStatus.State.RUNNING, "", 0,
                slots.size(), 0, statistics.active(), settings.optional(), List.of());
    }

    /**
     * Refuses new requests, lets the scripts in flight finish for up to {@code drainTimeout}, then
     * kills every script still running, with its descendants.
     */
    @Override
    public void close() {
        closed = true;
        drain();
        runner.close();
        processCap.ifPresent(PidsLimit::close);
    }
}
