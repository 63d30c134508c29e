package org.procgate.systemtest.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the servers' own command-line tools and starts their JVMs, every wait bounded, all output to a log file. */
public final class Commands {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private Commands() {
    }

    /** Runs a command to completion; fails if it runs longer than the timeout or exits non-zero. */
    public static void run(List<String> command, Path log, Duration timeout, Map<String, String> environment)
            throws IOException, InterruptedException {
        Process process = builder(command, log, environment).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            destroyTree(process.toHandle());
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** Starts a long-running process whose output goes to the log. */
    public static Process start(List<String> command, Path log, Map<String, String> environment) throws IOException {
        return builder(command, log, environment).start();
    }

    private static ProcessBuilder builder(List<String> command, Path log, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        return builder;
    }

    /** SIGTERM to the process and all its descendants, then SIGKILL to whatever is left after the grace time. */
    public static void destroyTree(ProcessHandle root) {
        List<ProcessHandle> all = new java.util.ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                handle.destroyForcibly();
            }
        }
    }

    /** The process whose id a server wrote to its pid file, if it is running. */
    public static Optional<ProcessHandle> processInPidFile(Path pidFile) {
        try {
            return Files.exists(pidFile) ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** A step that may fail, such as a server's own stop command. */
    public interface Step {
        void run() throws Exception;
    }

    /** Asks the server to stop with its own command; kills it if that fails or leaves it running. */
    public static void stop(Optional<ProcessHandle> server, Step stopCommand) {
        try {
            stopCommand.run();
        } catch (Exception e) {
            System.err.println("the server's stop command failed (" + e.getMessage() + "); killing the server");
        }
        server.filter(ProcessHandle::isAlive).ifPresent(Commands::destroyTree);
    }

    /** The Java this test runs on, so every server uses the same JDK 17. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static Map<String, String> javaHome() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }
}
