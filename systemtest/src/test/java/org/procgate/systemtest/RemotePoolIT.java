package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.Servers;

/**
 * A remote pool on every server, declared as operators declare one (no command, two backends, a
 * health check): the test starts PHP-FPM on one backend's address; the other never answers. The
 * pool serves from the one that is up, and the admin API shows each backend's state, weight, share
 * and last health check, as the console does.
 */
@SystemTest
class RemotePoolIT {

    private static final Path PHP_FPM = Path.of("/usr/sbin/php-fpm8.2");
    private static final String OPERATOR = Procgate.basic("admin", Servers.ADMIN_PASSWORD);

    @Test
    @SuppressWarnings("unchecked")
    void aRemotePoolServesFromTheBackendThatIsUpAndShowsEachBackendsLastCheck(Procgate procgate) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PHP_FPM), "needs PHP-FPM: apt-get install php8.2-fpm");
        Path directory = Files.createTempDirectory("procgate-remote-it");
        Process fpm = startFpm(directory);
        try {
            awaitAccepting(19731);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            HttpResponse<String> answer = procgate.get("fcgi/test-remote/host.php");
            while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                answer = procgate.get("fcgi/test-remote/host.php");
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("fpm-on-loopback\n");
            for (int i = 0; i < 5; i++) {
                assertThat(procgate.get("fcgi/test-remote/host.php").statusCode()).isEqualTo(200);
            }

            HttpResponse<String> status = procgate.send("GET", "admin/api/pools/test-remote", null, "Authorization", OPERATOR);
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            Map<String, Object> pool = Procgate.JSON.fromJson(status.body(), Map.class);
            assertThat(pool.get("state")).isEqualTo("DEGRADED");
            List<Map<String, Object>> backends = (List<Map<String, Object>>) pool.get("backends");
            assertThat(backends).hasSize(2);
            Map<String, Object> up = backends.get(0);
            assertThat(up).containsEntry("address", "127.0.0.1:19731").containsEntry("state", "up");
            assertThat(((Number) up.get("weight")).intValue()).isEqualTo(2);
            assertThat(((Number) up.get("requests")).longValue()).isGreaterThanOrEqualTo(6);
            assertThat(((Number) up.get("share")).doubleValue()).as("the backend that never answered gets none once its check failed").isGreaterThan(0.8);
            Map<String, Object> upCheck = (Map<String, Object>) up.get("lastCheck");
            assertThat(upCheck).containsEntry("passed", true).containsEntry("detail", "GET /ping 200").containsKey("at");
            Map<String, Object> down = backends.get(1);
            assertThat(down).containsEntry("address", "127.0.0.1:19732").containsEntry("state", "down: checks")
                    .containsEntry("up", false);
            assertThat((Map<String, Object>) down.get("lastCheck")).containsEntry("passed", false);
        } finally {
            fpm.destroy();
            if (!fpm.waitFor(10, TimeUnit.SECONDS)) {
                fpm.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Process startFpm(Path directory) throws IOException {
        Path config = directory.resolve("fpm.conf");
        Files.writeString(config, String.join("\n", "[global]", "pid = " + directory.resolve("fpm.pid"),
                "error_log = " + directory.resolve("fpm.log"), "daemonize = no", "[www]", "listen = 127.0.0.1:19731",
                "listen.allowed_clients = 127.0.0.1", "pm = static", "pm.max_children = 3", "ping.path = /ping",
                "clear_env = yes", "env[WORKER_HOST] = fpm-on-loopback", ""));
        List<String> command = "root".equals(System.getProperty("user.name"))
                ? List.of(PHP_FPM.toString(), "-R", "-F", "-y", config.toString())
                : List.of(PHP_FPM.toString(), "-F", "-y", config.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("fpm.out").toFile()).start();
    }

    private static void awaitAccepting(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("PHP-FPM accepting within 10 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
