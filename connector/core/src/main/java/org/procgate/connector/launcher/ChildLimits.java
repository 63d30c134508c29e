package org.procgate.connector.launcher;

/**
 * Kernel limits the launcher sets in each child before it runs the script (0: none).
 *
 * @param cpuSeconds        RLIMIT_CPU
 * @param addressSpaceBytes RLIMIT_AS
 * @param processes         RLIMIT_NPROC, counted by the kernel per user id
 */
public record ChildLimits(long cpuSeconds, long addressSpaceBytes, long processes) {

    public static final ChildLimits NONE = new ChildLimits(0, 0, 0);
}
