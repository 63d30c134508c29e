package org.procgate.connector.pool.cgi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.cgi.ScriptStarter;
import org.procgate.connector.launcher.ChildLimits;
import org.procgate.connector.launcher.ForkLauncher;
import org.procgate.connector.pool.CrashLoopGuard;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessCpu;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ResidentMemory;

/**
 * A CGI pool's scripts forked by its resident launcher, which is supervised like a FastCGI
 * worker: started with the pool, started again when it has died, with a growing backoff when
 * it keeps dying ({@link CrashLoopGuard}), and ended with the pool.
 */
final class LauncherStarter implements ScriptStarter {

    private static final Logger LOG = Logger.getLogger(LauncherStarter.class.getName());

    private final ForkLauncher.Options options;
    private final ChildLimits limits;
    private final Executor longRunning;
    private final CrashLoopGuard guard;
    private ForkLauncher launcher;
    private boolean closed;

    LauncherStarter(ForkLauncher.Options options, ChildLimits limits, Executor longRunning) {
        this.options = options;
        this.limits = limits;
        this.longRunning = longRunning;
        this.guard = new CrashLoopGuard(options.pool(), System::nanoTime);
    }

    /** Starts the launcher now, so the first request does not wait for it; a failure is retried by that request. */
    void startEarly() {
        try {
            current();
        } catch (ProgramException e) {
            LOG.warning(e.getMessage());
        }
    }

    @Override
    public ManagedProcess start(String name, List<String> argv, Path directory, Map<String, String> environment)
            throws ProgramException {
        ForkLauncher running = current();
        try {
            return running.fork(name, argv, directory, environment, limits);
        } catch (ProcessException e) {
            throw new ProgramException(Failure.WORKER_DIED, e.getMessage(), e);
        }
    }

    /** The running launcher, started (again) if there is none and the backoff allows. */
    private synchronized ForkLauncher current() throws ProgramException {
        if (closed) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + options.pool() + " is stopped");
        }
        if (launcher != null && launcher.isAlive()) {
            return launcher;
        }
        if (launcher != null) {
            guard.failed("its launcher exited");
            LOG.warning(() -> "pool " + options.pool() + ": " + launcher + " exited; starting another");
            launcher.close();
            launcher = null;
        }
        guard.checkStart();
        try {
            launcher = ForkLauncher.start(options, longRunning);
            guard.started();
            return launcher;
        } catch (ProcessException e) {
            guard.failed(e.getMessage());
            throw new ProgramException(Failure.UNAVAILABLE, e.getMessage(), e);
        }
    }

    /**
     * The launcher as the pool's status lists a worker: its pid, since when it runs, the children
     * it forked, its memory and CPU; none while it is not running.
     */
    synchronized Optional<WorkerStatus> status() {
        if (launcher == null || !launcher.isAlive()) {
            return Optional.empty();
        }
        long pid = launcher.pid();
        String what = "launcher (" + (options.python() ? "python" : "fork")
                + (options.preload().isEmpty() ? "" : ", preload " + String.join(",", options.preload())) + ")";
        return Optional.of(new WorkerStatus(pid, WorkerStatus.State.IDLE, launcher.started(), launcher.forked(), "", 0,
                ResidentMemory.of(pid), "", 0, what, "", 0, ProcessCpu.percentSince(pid, launcher.started())));
    }

    /** RUNNING, DEGRADED while the launcher keeps dying, FAILED when it cannot be started. */
    synchronized PoolStatus.State state() {
        return guard.state(launcher != null && launcher.isAlive() ? 1 : 0);
    }

    /**
     * Ends the launcher and starts a new one (the operator's restart, after the preloaded modules
     * changed): scripts in flight run on, their ends followed by pid.
     */
    void restart() {
        synchronized (this) {
            if (launcher != null) {
                launcher.close();
                launcher = null;
            }
        }
        startEarly();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (launcher != null) {
            launcher.close();
            launcher = null;
        }
    }
}
