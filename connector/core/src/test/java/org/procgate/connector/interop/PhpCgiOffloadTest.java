package org.procgate.connector.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Header;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;
import org.procgate.connector.settings.StreamingSettings;

/**
 * php-cgi as a FastCGI worker answering X-Accel-Redirect and a local redirect: the file goes out
 * once the worker is back in the pool, with PHP's headers; the local redirect reaches the caller
 * as one, PHP's own Content-type beside it ignored.
 */
@EnabledIf("org.procgate.connector.interop.PhpCgiTest#installed")
class PhpCgiOffloadTest {

    private final PoolHarness harness = new PoolHarness();
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        harness.close();
    }

    private FastCgiPool pool(Path files) throws Exception {
        return harness.open(PhpCgiTest.phpPool("php-offload", 0)
                .streaming(new StreamingSettings(true, 256 * 1024, 64L << 20, false, files)).build());
    }

    @Test
    void theFileGoesOutOnceTheWorkerIsBack() throws Exception {
        Path files = TestPrograms.shareWithPrograms(Files.createDirectories(dir.resolve("files")));
        Files.writeString(files.resolve("report.txt"), "x".repeat(300_000));
        FastCgiPool pool = pool(files);
        AtomicInteger active = new AtomicInteger(-1);
        RecordingSink sink = new RecordingSink().onFile(() -> active.set(pool.status().activeWorkers()));
        pool.execute(Requests.get("/offload.php", "file=report.txt"), sink);
        assertThat(active.get()).as("busy workers when the file went out").isZero();
        assertThat(sink.status()).isEqualTo(200);
        assertThat(sink.bytes()).isEqualTo(300_000);
        assertThat(sink.text()).doesNotContain("never sent");
        assertThat(sink.fileHeaders()).contains(new Header("Content-Disposition", "attachment; filename=\"report.txt\""))
                .noneMatch(h -> h.name().equalsIgnoreCase("X-Accel-Redirect"));
    }

    @Test
    void aPhpLocalRedirectReachesTheCallerAsOne() throws Exception {
        RecordingSink sink = new RecordingSink();
        pool(null).execute(Requests.get("/offload.php", "to=/fcgi/php/next.php%3Fa%3D1"), sink);
        assertThat(sink.localRedirect()).isEqualTo("/fcgi/php/next.php?a=1");
        assertThat(sink.status()).isZero();
    }

    @Test
    void withoutASendfileRootTheHeaderIsDropped() throws Exception {
        RecordingSink sink = new RecordingSink();
        pool(null).execute(Requests.get("/offload.php", "file=report.txt"), sink);
        assertThat(sink.status()).isEqualTo(200);
        assertThat(sink.header("X-Accel-Redirect")).isNull();
        assertThat(sink.text()).isEqualTo("the program body, never sent");
        assertThat(sink.fileHeaders()).isNull();
        assertThat(sink.header("Content-Disposition")).isNotNull();
    }
}
