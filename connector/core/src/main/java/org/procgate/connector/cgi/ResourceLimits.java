package org.procgate.connector.cgi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Kernel resource limits for a script, applied by starting it through util-linux
 * {@code prlimit}, which sets them on itself and then execs the script (same pid, no shell).
 *
 * @param cpuSeconds        RLIMIT_CPU (0: none); past it the kernel sends SIGXCPU, then SIGKILL
 * @param addressSpaceBytes RLIMIT_AS (0: none); allocations past it fail
 * @param maxProcesses      RLIMIT_NPROC (0: none); the kernel counts every process of the user id
 */
public record ResourceLimits(long cpuSeconds, long addressSpaceBytes, int maxProcesses) {

    private static final Logger LOG = Logger.getLogger(ResourceLimits.class.getName());
    static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    public boolean any() {
        return cpuSeconds > 0 || addressSpaceBytes > 0 || maxProcesses > 0;
    }

    /** The words to put before the program, empty when no limit is set or prlimit is missing. */
    public List<String> prefix() {
        return prefix(PRLIMIT);
    }

    List<String> prefix(Path prlimit) {
        if (!any()) {
            return List.of();
        }
        if (!Files.isExecutable(prlimit)) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warning("CGI resource limits are configured but " + prlimit + " is missing; scripts run without them."
                        + " Install util-linux to apply them.");
            }
            return List.of();
        }
        List<String> words = new ArrayList<>();
        words.add(prlimit.toString());
        if (cpuSeconds > 0) {
            words.add("--cpu=" + cpuSeconds);
        }
        if (addressSpaceBytes > 0) {
            words.add("--as=" + addressSpaceBytes);
        }
        if (maxProcesses > 0) {
            words.add("--nproc=" + maxProcesses);
        }
        words.add("--");
        return List.copyOf(words);
    }
}
