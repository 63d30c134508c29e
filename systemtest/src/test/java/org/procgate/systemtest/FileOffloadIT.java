package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procgate.systemtest.server.Servers;

/**
 * File offload on every server: a Python CGI script answers {@code X-Sendfile}, a PHP FastCGI
 * worker {@code X-Accel-Redirect}, and the server sends the file under the pool's sendfileRoot
 * with the program's headers, answers ranges, and has the program's slot free while it sends.
 * Every way out of the root is refused, as are missing files, directories and files the programs'
 * user may not read.
 */
@SystemTest
class FileOffloadIT {

    static final Path OFFLOAD = Path.of(System.getProperty("procgate.home", "..")).resolve("systemtest/target/offload");
    static final Path FILES = OFFLOAD.resolve("files");
    private static final int SIZE = 3_000_000;
    private static final String OPERATOR = Procgate.basic("admin", Servers.ADMIN_PASSWORD);
    private static byte[] report;

    @BeforeAll
    static void files() throws Exception {
        report = new byte[SIZE];
        new Random(21).nextBytes(report);
        Files.createDirectories(FILES.resolve("dir"));
        Path outside = Files.createDirectories(OFFLOAD.resolve("outside"));
        Files.write(FILES.resolve("report.bin"), report);
        Files.writeString(outside.resolve("secret.txt"), "outside the root");
        Files.writeString(FILES.resolve(".hidden"), "a dot-file");
        Files.deleteIfExists(FILES.resolve("link-out"));
        Files.createSymbolicLink(FILES.resolve("link-out"), outside.resolve("secret.txt"));
        Files.deleteIfExists(FILES.resolve("dirlink"));
        Files.createSymbolicLink(FILES.resolve("dirlink"), outside);
        Files.write(FILES.resolve("big.bin"), new byte[64 << 20]);
        // under a root server the programs run as nobody: only root may read this one; under any other
        // server, nobody may
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.setPosixFilePermissions(Files.writeString(FILES.resolve("private.bin"), "root only"),
                PosixFilePermissions.fromString(root ? "rw-------" : "---------"));
    }

    @Test
    void aPythonScriptsXSendfileSendsTheFileWithTheScriptsHeaders(Procgate procgate) {
        HttpResponse<byte[]> response = get(procgate, "cgi/test-finish/send.py?file=report.bin");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(report);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"report.bin\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("ETag")).isPresent();
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
        assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
    }

    @Test
    void aPhpWorkersXAccelRedirectSendsTheFile(Procgate procgate) {
        HttpResponse<byte[]> response = get(procgate, "fcgi/test-finish-php/send.php?file=report.bin");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(report);
        assertThat(response.headers().firstValue("X-Accel-Redirect")).isEmpty();

        HttpResponse<byte[]> head = procgate.send(procgate.request("fcgi/test-finish-php/send.php?file=report.bin")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void rangesAreAnswered(Procgate procgate) {
        String path = "cgi/test-finish/send.py?file=report.bin";
        HttpResponse<byte[]> middle = get(procgate, path, "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + SIZE);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(report, 1000, 2000));

        HttpResponse<byte[]> tail = get(procgate, path, "Range", "bytes=-10");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(report, SIZE - 10, SIZE));

        HttpResponse<byte[]> past = get(procgate, path, "Range", "bytes=" + SIZE + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);

        String etag = middle.headers().firstValue("ETag").orElseThrow();
        assertThat(get(procgate, path, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> changed = get(procgate, path, "Range", "bytes=0-9", "If-Range", "\"another\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).hasSize(SIZE);
    }

    @Test
    void curlResumesADownload(Procgate procgate) throws Exception {
        Path copy = Files.createTempFile("procgate-offload-", ".bin");
        try {
            Files.write(copy, Arrays.copyOf(report, 1_000_000));
            Process curl = new ProcessBuilder("curl", "-sS", "-f", "-C", "-", "-o", copy.toString(),
                    procgate.base().resolve("fcgi/test-finish-php/send.php?file=report.bin").toString())
                    .redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes());
            assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue()).as(output).isZero();
            assertThat(Files.readAllBytes(copy)).isEqualTo(report);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScriptsSlotIsFreeWhileTheFileGoesOut(Procgate procgate) throws Exception {
        HttpResponse<InputStream> download = procgate.send(procgate.request("cgi/test-finish/send.py?file=big.bin")
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = download.body()) {
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(body.readNBytes(1 << 16)).hasSize(1 << 16);
            // the client takes nothing more for now: the file is not all out, yet no script is busy
            Map<String, Object> pool = Procgate.json(procgate.get("admin/api/pools/test-finish", "Authorization", OPERATOR));
            assertThat(((Number) pool.get("activeWorkers")).intValue()).isZero();
            long rest = body.transferTo(OutputStream.nullOutputStream());
            assertThat(rest).isEqualTo((64L << 20) - (1 << 16));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "../outside/secret.txt, 400",
            "%2e%2e/outside/secret.txt, 400",
            "dir/%2E%2E/%2E%2E/outside/secret.txt, 400",
            "dir%2F..%2F..%2Foutside%2Fsecret.txt, 400",
            "/etc/passwd, 404",
            "link-out, 404",
            "dirlink/secret.txt, 404",
            ".hidden, 404",
            "missing.bin, 404",
            "dir, 404",
            "private.bin, 403",
    })
    void whatTheProgramsMayNotHaveIsRefused(String file, int status, Procgate procgate) {
        for (String path : new String[] {"cgi/test-finish/send.py?file=" + file, "fcgi/test-finish-php/send.php?file=" + file}) {
            HttpResponse<String> response = procgate.get(path);
            Procgate.problem(response, status);
            assertThat(response.body()).as(path).doesNotContain("outside the root", "a dot-file", "root only", "root:x:0");
        }
    }

    @Test
    void withoutASendfileRootTheHeaderIsDroppedAndTheProgramsAnswerPasses(Procgate procgate) {
        HttpResponse<String> response = procgate.get("cgi/test-scripts/offload.sh?X-Sendfile&/etc/passwd");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
        assertThat(response.body()).isEqualTo("the program body, never sent");
    }

    private static HttpResponse<byte[]> get(Procgate procgate, String path, String... headers) {
        HttpRequest.Builder request = procgate.request(path);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return procgate.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
