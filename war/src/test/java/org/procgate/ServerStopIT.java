package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts Payara Micro the way the run command does (RAR first, demo pools, WAR), makes it start
 * FastCGI workers and CGI processes, stops the server with SIGTERM, and checks that no process
 * it started is left.
 */
class ServerStopIT {

    private static final Path TARGET = Path.of(System.getProperty("procgate.war")).getParent();
    private static final Path HOME = Path.of(System.getProperty("procgate.home"));

    private Process server;

    @Test
    void noWorkerOutlivesTheServer() throws Exception {
        int port = freePort();
        Path runDir = RunDirectory.create(TARGET, "stop-it-");
        server = startServer(port, runDir);
        Http http = new Http("http://127.0.0.1:" + port + "/procgate/");
        awaitReady(http);

        assertThat(http.get("api/records?q=smith&via=fastcgi").statusCode()).isEqualTo(200);
        assertThat(http.get("fcgi/env/").statusCode()).isEqualTo(200);
        assertThat(http.get("cgi-bin/test.py").statusCode()).isEqualTo(200);
        adminPasswordIsGeneratedAndShownOnce(http, runDir);

        List<ProcessHandle> started = server.descendants().collect(Collectors.toList());
        List<String> workers = started.stream()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(cmd -> cmd.contains("samples/fcgi/"))
                .collect(Collectors.toList());
        assertThat(workers).as("FastCGI workers running under the server")
                .anyMatch(cmd -> cmd.contains("search_app.py"))
                .anyMatch(cmd -> cmd.contains("env_app.py"));

        server.destroy(); // SIGTERM, as an operator's Ctrl-C or a service manager would
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server exits within 60 s").isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(started.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList()))
                .as("processes left after the server stopped").isEmpty();
    }

    /**
     * No password works out of the box: one is generated at the first start and shown once in the
     * log; the file (0600) keeps only its salted hash.
     */
    private static void adminPasswordIsGeneratedAndShownOnce(Http http, Path runDir) throws IOException {
        Path file = runDir.resolve("db/admin.password");
        assertThat(file).exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String log = Files.readString(runDir.resolve("server.log"));
        java.util.regex.Matcher generated = java.util.regex.Pattern.compile("generated password '([^']+)'").matcher(log);
        assertThat(generated.find()).as("the generated password in the log").isTrue();
        String password = generated.group(1);
        assertThat(log.split(java.util.regex.Pattern.quote(password), -1)).as("password shown exactly once").hasSize(2);
        assertThat(Files.readString(file)).as("only the hash is kept").startsWith("pbkdf2-sha256$").doesNotContain(password);
        assertThat(http.get("admin/api/pools").statusCode()).isEqualTo(401);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + password).getBytes());
        assertThat(http.get("admin/api/pools", "Authorization", basic).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stopServer() {
        if (server != null && server.isAlive()) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        }
    }

    private static Process startServer(int port, Path runDir) throws IOException {
        Path preboot = runDir.resolve("preboot.asadmin");
        Path postboot = runDir.resolve("postboot.asadmin");
        Files.writeString(preboot, Files.readString(TARGET.resolve("test-classes/preboot.asadmin")));
        Files.writeString(postboot, Files.readString(TARGET.resolve("test-classes/postboot.asadmin")));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dprocgate.home=" + HOME, "-Dprocgate.db.dir=" + runDir.resolve("db"),
                "-Dprocgate.db.pgPort=0", "-Dprocgate.db.tcpPort=0", "-Dprocgate.db.records=2000",
                "-jar", TARGET.resolve("it/payara-micro.jar").toString(),
                "--nohazelcast", "--port", Integer.toString(port), "--rootdir", runDir.resolve("micro").toString(),
                "--prebootcommandfile", preboot.toString(), "--postbootcommandfile", postboot.toString(),
                "--addlibs", TARGET.resolve("it/procgate-connector-api.jar").toString(),
                "--deploy", TARGET.resolve("procgate.war").toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File(runDir.toFile(), "server.log"))
                .start();
    }

    private void awaitReady(Http http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server still running").isTrue();
            try {
                if (http.get("api/records?limit=1&via=direct").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("server not ready within 120 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
