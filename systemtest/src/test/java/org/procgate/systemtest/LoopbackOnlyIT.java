package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.ServerUnderTest;

/** Nothing the server under test opened, procgate's database servers included, listens beyond 127.0.0.1 / ::1. */
@SystemTest
class LoopbackOnlyIT {

    private static final Pattern LOOPBACK = Pattern.compile("(127\\.0\\.0\\.1|\\[::1]|\\[::ffff:127\\.0\\.0\\.1]):\\d+");

    @Test
    void everyListeningSocketIsOnLoopback(ServerUnderTest server, Procgate procgate) throws Exception {
        procgate.search("q=smith&via=fastcgi"); // workers and database servers are up
        ProcessHandle jvm = server.process().orElseThrow(() -> new AssertionError("no server process"));
        List<String> sockets = listeningSocketsOf(jvm.pid());
        assertThat(sockets).as("listening sockets of pid " + jvm.pid()).isNotEmpty();
        assertThat(sockets).allSatisfy(socket -> assertThat(socket).matches(LOOPBACK));
    }

    /** Local addresses of the TCP and UDP sockets the process listens on, from {@code ss}. */
    private static List<String> listeningSocketsOf(long pid) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Hltunp").redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output.lines()
                .filter(line -> line.contains("pid=" + pid + ","))
                .map(line -> line.trim().split("\\s+")[4])
                .toList();
    }
}
