package org.procgate.connector.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProgramIdentity;
import org.procgate.connector.threads.PoolThreads;

/** The launcher on its own, with real processes: a child's streams and exit, what it refuses, how it ends. */
class ForkLauncherTest {

    private static PoolThreads threads;
    private ForkLauncher launcher;

    @BeforeAll
    static void startThreads() {
        threads = PoolThreads.ownThreads();
    }

    @AfterAll
    static void stopThreads() {
        threads.close();
    }

    @AfterEach
    void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private ForkLauncher start() throws ProcessException {
        ProgramIdentity identity = ProgramIdentity.of("", "");
        launcher = ForkLauncher.start(new ForkLauncher.Options("unit", false, List.of(), identity.prefix(), identity,
                Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(10)), threads.longRunning());
        return launcher;
    }

    private ManagedProcess sh(String script) throws ProcessException {
        return launcher.fork("sh", List.of("/bin/sh", "-c", script), Path.of("/"), Map.of("WHO", "child"), ChildLimits.NONE);
    }

    @Test
    void aChildGetsItsStdinStdoutStderrAndExitStatusAndLeadsItsSession() throws Exception {
        start();
        ManagedProcess child = sh("read line; echo \"$line $WHO $(cut -d' ' -f6 /proc/$$/stat)\"; echo oops >&2; exit 7");
        child.process().getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        child.process().getOutputStream().close();

        String out = new String(child.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.process().getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("hello child " + child.pid() + "\n");
        assertThat(err).isEqualTo("oops\n");
        assertThat(child.process().exitValue()).isEqualTo(7);
    }

    @Test
    void aChildKilledBySignalReportsItAsJavaDoes() throws Exception {
        start();
        ManagedProcess child = sh("sleep 30");
        child.process().destroyForcibly();
        assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process().exitValue()).isEqualTo(128 + 9);
        assertThat(launcher.isAlive()).isTrue();
    }

    @Test
    void anOversizedHeaderIsRefusedOnBothSidesAndTheLauncherServesOn() throws Exception {
        start();
        assertThatThrownBy(() -> launcher.fork("big", List.of("/bin/true"), Path.of("/"),
                Map.of("BIG", "x".repeat(ForkHeader.MAX_BYTES)), ChildLimits.NONE))
                .isInstanceOf(ProcessException.class).hasMessageContaining("exceed");

        Path socket = Files.list(socketDirectory()).filter(p -> p.toString().endsWith(".sock")).findFirst().orElseThrow();
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            raw.write(ByteBuffer.allocate(4).putInt(ForkHeader.MAX_BYTES + 1).flip());
            assertThat(raw.read(ByteBuffer.allocate(1))).as("closed by the launcher").isEqualTo(-1);
        }
        ManagedProcess child = sh("echo still");
        assertThat(new String(child.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("still\n");
    }

    @Test
    void theSocketIsTheServersAndTheLauncherEndsWithItsControlChannel() throws Exception {
        start();
        Path directory = socketDirectory();
        Path socket = directory.resolve("launcher.sock");
        assertThat(Files.getAttribute(socket, "unix:uid")).isEqualTo(Files.getAttribute(directory, "unix:uid"));
        assertThat(Files.getPosixFilePermissions(socket)).hasSize(2);
        long pid = launcher.pid();

        launcher.close();
        launcher = null;
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(directory).doesNotExist();
    }

    @Test
    void aNulCharacterNeverReachesAProgram() throws Exception {
        start();
        assertThatThrownBy(() -> launcher.fork("nul", List.of("/bin/true", "a\0b"), Path.of("/"), Map.of(), ChildLimits.NONE))
                .isInstanceOf(ProcessException.class).hasMessageContaining("NUL");
    }

    /** The launcher's private directory, found from its command line. */
    private Path socketDirectory() throws IOException {
        String command = ProcessHandle.of(launcher.pid()).orElseThrow().info().arguments().orElseThrow()[0];
        return Path.of(command).getParent();
    }
}
