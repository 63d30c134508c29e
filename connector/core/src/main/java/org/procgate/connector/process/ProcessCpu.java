package org.procgate.connector.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A process's CPU time from /proc (user and system), as a share of one core since it started. */
public final class ProcessCpu {

    /** Clock ticks a second of /proc's times: USER_HZ, 100 on Linux everywhere. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** Percent of one core since {@code started}; 0 where /proc cannot tell. */
    public static double percentSince(long pid, Instant started) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the name may hold spaces and parentheses: fields are counted after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            double alive = Math.max(Duration.between(started, Instant.now()).toNanos() / 1e9, 0.01);
            return Math.min(100 * seconds / alive, 100 * Runtime.getRuntime().availableProcessors());
        } catch (IOException | RuntimeException e) {
            return 0; // the process is gone, or this is not Linux
        }
    }
}
