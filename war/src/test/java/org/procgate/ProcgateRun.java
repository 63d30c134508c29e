package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ./procgate run --no-build} of the build under test, as an operator starts it: its
 * environment given, its output in a log file, ready once the script says so; stopped as Ctrl-C
 * would, or killed as a crash would.
 */
final class ProcgateRun implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("procgate.home"));

    private final Process process;
    private final Path log;

    private ProcgateRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the run with {@code environment} added to this JVM's (PROCGATE_ADMIN_PASSWORD removed unless given). */
    static ProcgateRun start(Path log, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("procgate").toString(), "run", "--no-build")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PROCGATE_ADMIN_PASSWORD");
        builder.environment().putAll(environment);
        return new ProcgateRun(builder.start(), log);
    }

    /** Waits for "stop with Ctrl-C" (printed once the application answers); returns the output so far. */
    String awaitReady(Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            if (output.contains("procgate: stop with Ctrl-C")) {
                return output;
            }
            assertThat(process.isAlive()).as("./procgate run still running; it printed:%n%s", output).isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("./procgate run not ready within " + wait.toSeconds() + " s; see " + log);
    }

    /** The server's JVM (Payara Micro) under the script. */
    long serverPid() {
        return process.descendants().filter(p -> p.info().commandLine().orElse("").contains("payara-micro.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("no Payara Micro under ./procgate run")).pid();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** As Ctrl-C would: the script stops the server and every worker with it. */
    void stop() throws InterruptedException {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./procgate run exits within 60 s").isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(started).noneMatch(ProcessHandle::isAlive);
    }

    /** As a crash would: SIGKILL to the server's JVM and everything under the script at once. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
