package org.procgate.connector.process;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * An OS process procgate started. Started in a session of its own (the default for CGI scripts
 * and FastCGI workers), it and every descendant, even daemonised grandchildren that were
 * re-parented, share one process group that is signalled at once; otherwise its tree is
 * walked and ended process by process.
 */
public final class ManagedProcess {

    private static final Logger LOG = Logger.getLogger(ManagedProcess.class.getName());

    private final Process process;
    private final String name;
    private final Instant started = Instant.now();
    /** Whether the process leads a session of its own: only then is its process group its own to signal. */
    private final boolean ownGroup;

    ManagedProcess(Process process, String name, boolean ownGroup) {
        this.process = process;
        this.name = name;
        this.ownGroup = ownGroup;
    }

    /** A process started elsewhere (by a pool's launcher) that leads a session of its own. */
    public static ManagedProcess inOwnSession(Process process, String name) {
        return new ManagedProcess(process, name, true);
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Instant started() {
        return started;
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code if the process has exited. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Ends the process and all its descendants: SIGTERM to the group and every known descendant,
     * up to {@code grace} to exit, then SIGKILL. Returns once the main process is reaped (bounded).
     */
    public void terminateTree(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        signalGroup("TERM");
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        awaitExit(deadline);
        while (System.nanoTime() < deadline && descendants.stream().anyMatch(ProcessHandle::isAlive)) {
            pause();
        }
        // whatever is left of the group (including re-parented daemons) gets no second chance
        signalGroup("KILL");
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                LOG.warning(() -> "process " + name + " (pid " + pid() + ") did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL to whatever is left of the process's group once it has exited: background children a
     * script left behind. Nothing to do for a process without a group of its own: its group is the
     * server's. Usually the group is empty, which /proc tells without starting a process. The group id cannot be reused while any member lives, and the call comes
     * right after the exit, long before the kernel could cycle through every pid.
     */
    public void killGroup() {
        if (!ownGroup) {
            return;
        }
        for (int round = 0; round < 3; round++) {
            List<Long> members = ProcessGroup.members(pid());
            if (members.isEmpty()) {
                return;
            }
            // a member may fork while we look: look again
            members.forEach(member -> ProcessHandle.of(member).ifPresent(ProcessHandle::destroyForcibly));
        }
        signalGroup("KILL");
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitExit(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            return left > 0 ? process.waitFor(left, TimeUnit.NANOSECONDS) : !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Signals the whole process group; returns whether any member was still there. */
    private boolean signalGroup(String signal) {
        if (!ownGroup) {
            return false;
        }
        try {
            Process kill = new ProcessBuilder(ProcessLauncher.KILL, "-" + signal, "--", "-" + pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(2, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return true;
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot signal process group " + pid(), e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
