package org.procgate.connector.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.pool.GeneratedBody;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;

/** A gigabyte from php-cgi and 200 MB to it, through a JVM with a 256 MB heap, checked end to end. */
@EnabledIf("org.procgate.connector.interop.PhpCgiTest#installed")
class PhpCgiStreamingTest {

    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void stop() throws InterruptedException {
        harness.close();
    }

    private FastCgiPool pool() throws Exception {
        return harness.open(PoolSettingsBuilder.fastcgi("php-streaming", List.of(PhpCgiTest.PHP_CGI, "-d", "post_max_size=0",
                        "-d", "output_buffering=0", "-d", "memory_limit=128M", "-b", "{socket}"))
                .env("PHP_FCGI_CHILDREN", "0").env("PHP_FCGI_MAX_REQUESTS", "0")
                .documentRoot(TestPrograms.programs().resolve("php"))
                .maxResponseBytes(0).maxRequestBodyBytes(0).requestTimeout(Duration.ofSeconds(120)).build());
    }

    @Test
    void aGigabyteAnswerArrivesWhole() throws Exception {
        long size = 1L << 30;
        RecordingSink sink = new RecordingSink();
        pool().execute(Requests.get("/download.php", Long.toString(size)), sink);
        assertThat(sink.status()).isEqualTo(200);
        assertThat(sink.bytes()).isEqualTo(size);
        assertThat(sink.sha256()).isEqualTo(Requests.patternSha256(size));
    }

    @Test
    void aTwoHundredMegabyteUploadArrivesWhole() throws Exception {
        long size = 200L << 20;
        GeneratedBody upload = new GeneratedBody(size, 9);
        RecordingSink sink = new RecordingSink();
        pool().execute(ProgramRequest.builder("POST", "").pathInfo("/digest.php")
                .header("Content-Type", "application/octet-stream").body(RequestBody.of(upload, size)).build(), sink);
        assertThat(sink.text()).isEqualTo(size + " " + upload.sha256());
    }
}
