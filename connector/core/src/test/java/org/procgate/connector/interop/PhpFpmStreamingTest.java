package org.procgate.connector.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.pool.GeneratedBody;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;

/**
 * PHP-FPM as a remote backend (its own process manager, started by the test on a Unix socket):
 * a 100 MB answer and a 100 MB upload stream through, in a JVM with a 256 MB heap.
 */
@EnabledIf("installed")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PhpFpmStreamingTest {

    static final Path PHP_FPM = Path.of("/usr/sbin/php-fpm8.2");

    private final PoolHarness harness = new PoolHarness();
    private Process phpFpm;

    @TempDir
    Path directory;

    static boolean installed() {
        return Files.isExecutable(PHP_FPM);
    }

    /**
     * PHP-FPM's master ends its children on SIGTERM; killed outright it would leave them running.
     * The harness then checks that none of them is left.
     */
    @AfterEach
    void stop() throws InterruptedException {
        if (phpFpm != null) {
            phpFpm.destroy();
            phpFpm.waitFor(10, TimeUnit.SECONDS);
        }
        harness.close();
    }

    private FastCgiPool pool() throws Exception {
        Path socket = directory.resolve("php-fpm.sock");
        Path config = directory.resolve("php-fpm.conf");
        Files.writeString(config, String.join("\n",
                "[global]", "error_log = " + directory.resolve("error.log"), "daemonize = no",
                "[www]", "listen = " + socket, "pm = static", "pm.max_children = 2",
                "php_admin_value[post_max_size] = 0", "php_admin_value[memory_limit] = 128M",
                "php_admin_value[output_buffering] = 0", "catch_workers_output = yes", ""));
        phpFpm = harness.start(List.of(PHP_FPM.toString(), "-R", "-F", "-y", config.toString(), "-p", directory.toString()),
                Map.of());
        PoolHarness.waitUntil(Duration.ofSeconds(20), () -> accepts(socket), () -> "php-fpm did not listen on " + socket);
        harness.remember(phpFpm.pid()); // now with the children it started
        return harness.open(PoolSettingsBuilder.remote("php-fpm", "unix:" + socket).backendMaxConnections(2).maxWorkers(2)
                .documentRoot(TestPrograms.programs().resolve("php"))
                .maxResponseBytes(0).maxRequestBodyBytes(0).requestTimeout(Duration.ofSeconds(100)).build());
    }

    private static boolean accepts(Path socket) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (Exception notYet) {
            return false;
        }
    }

    @Test
    void aHundredMegabytesFromPhpFpmAndAHundredToItArriveWhole() throws Exception {
        FastCgiPool pool = pool();
        long size = 100L << 20;
        RecordingSink download = new RecordingSink();
        pool.execute(Requests.get("/download.php", Long.toString(size)), download);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(size);
        assertThat(download.sha256()).isEqualTo(Requests.patternSha256(size));

        GeneratedBody body = new GeneratedBody(size, 4);
        RecordingSink upload = new RecordingSink();
        pool.execute(ProgramRequest.builder("POST", "").pathInfo("/digest.php")
                .header("Content-Type", "application/octet-stream").body(RequestBody.of(body, size)).build(), upload);
        assertThat(upload.text()).isEqualTo(size + " " + body.sha256());
    }
}
