package org.procgate.connector.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live members of a process group, read from /proc: cheaper than starting {@code kill} for
 * the common case of a group that is already empty.
 * <p>
 * Only processes started after the group's leader can have joined it, and Linux hands out pids in
 * increasing order, wrapping at {@code pid_max}; so only the stat files of pids allocated since the
 * leader's are read, not those of every process on the machine.
 */
final class ProcessGroup {

    private static final Path PROC = Path.of("/proc");
    private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    private ProcessGroup() {
    }

    /** Pids whose process group is {@code pgid} and that still run (zombies left out); empty without /proc. */
    static List<Long> members(long pgid) {
        List<Path> processes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, ProcessGroup::isPid)) {
            entries.forEach(processes::add);
        } catch (IOException e) {
            return List.of();
        }
        // read after the listing: every pid listed was allocated by then
        long last = lastAllocatedPid();
        List<Long> members = new ArrayList<>();
        for (Path entry : processes) {
            long pid = Long.parseLong(entry.getFileName().toString());
            if (allocatedSince(pid, pgid, last) && isRunningMember(entry, pgid)) {
                members.add(pid);
            }
        }
        return members;
    }

    /**
     * Whether {@code pid} was allocated after {@code leader}, given the last pid allocated so far
     * ({@code last}, negative when unknown: then every pid may be).
     */
    static boolean allocatedSince(long pid, long leader, long last) {
        if (last < 0) {
            return true;
        }
        return last >= leader ? pid > leader && pid <= last : pid > leader || pid <= last;
    }

    private static long lastAllocatedPid() {
        try {
            return Long.parseLong(Files.readString(LAST_PID).trim());
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses. */
    private static boolean isRunningMember(Path entry, long pgid) {
        try {
            String stat = new String(Files.readAllBytes(entry.resolve("stat")), StandardCharsets.ISO_8859_1);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
            return !fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }
}
