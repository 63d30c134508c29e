package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Streaming through the deployed gateway with real clients (curl, git, the JDK's HttpClient): a
 * gigabyte passes through the server (Payara Micro's heap is 512 MB), git clones and pushes a
 * repository over 100 MB through git-http-backend, a client that leaves stops its script, and a
 * failure after the answer started aborts the response instead of ending it.
 */
@SystemTest
class StreamingGatewayIT {

    @Test
    void aGigabyteAnswerPassesThroughAServerWithHalfAGigabyteOfHeap(Procgate procgate) throws Exception {
        long size = 1L << 30;
        HttpResponse<InputStream> response = procgate.send(procgate.request("cgi/test-scripts/download.sh?" + size)
                .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long received = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                received += n;
            }
        }
        assertThat(received).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(zerosSha256(size));
    }

    @Test
    void aClientThatLeavesStopsItsScriptWithinASecond(Procgate procgate) throws Exception {
        Process curl = new ProcessBuilder("curl", "-sN", "--max-time", "1", "-o", "/dev/null", procgate.base().resolve("cgi/test-scripts/lines.sh?1000").toString())
                .start();
        assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long left = System.nanoTime();
        while (!scripts("lines.sh").isEmpty() && System.nanoTime() - left < TimeUnit.SECONDS.toNanos(5)) {
            Thread.sleep(50);
        }
        assertThat(scripts("lines.sh")).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aFailureAfterTheAnswerStartedAbortsTheResponse(Procgate procgate) throws Exception {
        // the pool's request timeout (1.5 s) ends the script after its first lines went out
        Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                procgate.base().resolve("cgi/test-cgi/slow-lines.sh").toString()).redirectErrorStream(true).start();
        assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(curl.getInputStream().readAllBytes());
        assertThat(curl.exitValue()).as("curl: " + output).isNotZero(); // 18: transfer closed with outstanding read data
        assertThat(output).endsWith("200");
        assertThatThrownBy(() -> procgate.send(procgate.request("cgi/test-cgi/slow-lines.sh")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()))
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void gitPushesAndClonesARepositoryOverAHundredMegabytes(Procgate procgate) throws Exception {
        Path work = Files.createTempDirectory("procgate-git-");
        try {
            Path bare = Git.bareRepository("big.git");
            Git.git(bare, "config", "http.receivepack", "true");
            Git.givenToThePoolsUser(bare);

            Path source = Git.sourceWithCommit(work, 28_000_000, 28_000_000, 28_000_000, 28_000_000);
            String remote = procgate.base().resolve("cgi/test-git/git-http-backend.sh/big.git").toString();
            Git.git(source, "push", "-q", remote, "main");

            Git.git(work, "clone", "-q", remote, "copy");
            assertThat(Git.git(work.resolve("copy"), "rev-parse", "HEAD")).isEqualTo(Git.git(source, "rev-parse", "HEAD"));
            assertThat(Git.run(work, "sh", "-c", "cd source && sha256sum blob*"))
                    .isEqualTo(Git.run(work, "sh", "-c", "cd copy && sha256sum blob*"));
        } finally {
            Git.deleteTree(work);
            Git.deleteTree(Git.ROOT.resolve("big.git"));
        }
    }

    @Test
    void gitSpeaksProtocolVersion2ThroughTheGateway(Procgate procgate) throws Exception {
        Path work = Files.createTempDirectory("procgate-git-");
        try {
            Git.givenToThePoolsUser(Git.bareRepository("small.git"));
            ProcessBuilder traced = new ProcessBuilder("git", "-c", "protocol.version=2", "ls-remote",
                    procgate.base().resolve("cgi/test-git/git-http-backend.sh/small.git").toString()).directory(work.toFile())
                    .redirectErrorStream(true);
            traced.environment().put("GIT_TRACE_PACKET", "1");
            Process process = traced.start();
            String trace = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(trace).isZero();
            assertThat(trace).contains("version 2");
        } finally {
            Git.deleteTree(work);
            Git.deleteTree(Git.ROOT.resolve("small.git"));
        }
    }

    /** Scripts of that name running now, found by their command lines. */
    private static List<Long> scripts(String name) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains(name)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static String zerosSha256(long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        for (long left = size; left > 0; left -= block.length) {
            digest.update(block, 0, (int) Math.min(left, block.length));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
