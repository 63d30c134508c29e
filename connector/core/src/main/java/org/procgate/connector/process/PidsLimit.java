package org.procgate.connector.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A cap on the processes of one pool's programs, as a cgroup with {@code pids.max}: a fork bomb
 * in one pool stops at the cap and touches neither the server nor the other pools. Every program
 * joins the group itself, before it is executed, through a one-line {@code sh} wrapper, so no
 * process it starts escapes. Where the server may not make a cgroup (not root, no pids
 * controller), there is none, and the pool falls back to RLIMIT_NPROC.
 */
public final class PidsLimit implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PidsLimit.class.getName());
    private static final Path V1 = Path.of("/sys/fs/cgroup/pids");
    private static final Path V2 = Path.of("/sys/fs/cgroup");
    private static final String JOIN = "echo $$ > \"$0\" && exec \"$@\"";

    private final Path group;

    private PidsLimit(Path group) {
        this.group = group;
    }

    /**
     * A cgroup of its own for the pool, holding at most {@code maxProcesses}; empty where none can
     * be made.
     */
    public static Optional<PidsLimit> create(String pool, int maxProcesses) {
        Optional<Path> parent = ownPidsGroup();
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        Path group = parent.get().resolve("procgate-" + ProcessHandle.current().pid()).resolve(pool);
        try {
            Files.createDirectories(group);
            Files.writeString(group.resolve("pids.max"), Integer.toString(maxProcesses));
            return Optional.of(new PidsLimit(group));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info(() -> "pool " + pool + ": no cgroup for its process cap (" + e.getMessage() + "); RLIMIT_NPROC applies");
            return Optional.empty();
        }
    }

    /** The pids cgroup the server itself is in, where it may make groups: the v1 pids hierarchy, or v2 with pids. */
    private static Optional<Path> ownPidsGroup() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] fields = line.split(":", 3);
                if (fields.length == 3 && List.of(fields[1].split(",")).contains("pids") && Files.isWritable(V1)) {
                    return Optional.of(V1.resolve(fields[2].substring(1)));
                }
                if (fields.length == 3 && fields[0].equals("0") && fields[1].isEmpty()
                        && Files.readString(V2.resolve("cgroup.controllers")).contains("pids")) {
                    Path own = V2.resolve(fields[2].substring(1));
                    return Files.readString(own.resolve("cgroup.subtree_control")).contains("pids") ? Optional.of(own)
                            : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cgroup file system, or not one the server may write to
        }
        return Optional.empty();
    }

    /** The words that move the program into the group, then execute the rest of the line. */
    public List<String> prefix() {
        return List.of("/bin/sh", "-c", JOIN, group.resolve("cgroup.procs").toString());
    }

    public Path group() {
        return group;
    }

    /** Removes the group; the pool's processes have ended by now (a group with members stays, harmless). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(group);
            Files.deleteIfExists(group.getParent());
        } catch (IOException e) {
            LOG.fine(() -> "cgroup " + group + " not removed: " + e.getMessage());
        }
    }
}
