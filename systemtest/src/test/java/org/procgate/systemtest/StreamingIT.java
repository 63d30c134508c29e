package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.systemtest.server.Servers;

/**
 * Bodies stream both ways through the gateways on every server: a program's output reaches the
 * client as it writes it, uploads reach it whole whatever their type (with Expect: 100-continue,
 * as curl sends them), and a program's own answer passes unchanged.
 */
@SystemTest
class StreamingIT {

    private static final byte[] UPLOAD = randomBytes(3 << 20);

    @Test
    void serverSentEventsReachTheClientAsTheProgramWritesThem(Procgate procgate) {
        long start = System.nanoTime();
        HttpResponse<Stream<String>> response = procgate.send(
                procgate.request("cgi-bin/clock.py?n=3&interval_ms=800").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<Long> arrivals = new ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> arrivals.add(System.nanoTime()));
        long end = System.nanoTime();
        assertThat(arrivals).hasSize(3);
        // the first event arrived while the program still had 1.6 s to run
        assertThat((end - arrivals.get(0)) / 1_000_000).isGreaterThan(1200);
        assertThat((arrivals.get(1) - start) / 1_000_000).isLessThan(end - start);
    }

    /** curl, as users send uploads: it asks {@code Expect: 100-continue} for bodies over 1 MB. */
    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
            "application/octet-stream", "chunked"})
    void uploadsWithExpectContinueReachTheProgramWhole(String type, Procgate procgate) throws Exception {
        boolean chunked = type.equals("chunked");
        Path file = Files.createTempFile("procgate-upload-", ".bin");
        try {
            Files.write(file, UPLOAD);
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-w", "\n%{http_code}",
                    "-H", "Expect: 100-continue", "-H", "Content-Type: " + (chunked ? "application/octet-stream" : type),
                    "--data-binary", "@" + file));
            if (chunked) {
                command.addAll(List.of("-H", "Transfer-Encoding: chunked"));
            }
            command.add(procgate.base().resolve("cgi-bin/upload.py").toString());
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(output).as(output).endsWith("\n200");
            Map<String, Object> answer = Procgate.JSON.fromJson(output.substring(0, output.lastIndexOf('\n')), Map.class);
            assertThat(((Number) answer.get("bytes")).longValue()).isEqualTo(UPLOAD.length);
            assertThat(answer.get("sha256")).isEqualTo(sha256(UPLOAD));
            assertThat(answer.get("contentLength")).isEqualTo(chunked ? "" : Integer.toString(UPLOAD.length));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aProgramsOwnErrorAnswerPassesUnchanged(Procgate procgate) {
        HttpResponse<String> empty = procgate.get("cgi-bin/answer.py?status=500");
        assertThat(empty.statusCode()).isEqualTo(500);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(empty.body()).isEmpty();
        HttpResponse<String> notFound = procgate.get("cgi-bin/answer.py?status=404&body=no+such+thing");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("no such thing");
    }

    @Test
    void aRelativeLocationReachesTheClientAsTheProgramWroteIt(Procgate procgate) {
        HttpResponse<String> response = procgate.get("cgi-bin/answer.py?status=302&location=adminer.php%3Fusername%3Droot");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("adminer.php?username=root");
    }

    @Test
    void anAnswerCutOffAfterItStartedIsAbortedNotEnded(Procgate procgate) throws Exception {
        // 110 MB from a pool that passes at most 100 MB: the client must see an incomplete answer
        HttpResponse<InputStream> response = procgate.send(procgate.request("cgi-bin/answer.py?bytes=115343360").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long received = 0;
        IOException failure = null;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                received += n;
            }
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).as("the answer ended cleanly after " + received + " bytes").isNotNull();
        assertThat(received).isLessThan(115343360);
    }

    @Test
    void aClientThatLeavesIsCountedAsAClientAbort(Procgate procgate) throws Exception {
        long before = clientAborts(procgate);
        HttpResponse<InputStream> response = procgate.send(procgate.request("cgi-bin/clock.py?n=100&interval_ms=100").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream events = response.body()) {
            assertThat(events.read(new byte[16])).isPositive();
        } // closed mid-answer: the client left; the script is stopped at its next event
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (clientAborts(procgate) == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(clientAborts(procgate)).isEqualTo(before + 1);
    }

    @SuppressWarnings("unchecked")
    private static long clientAborts(Procgate procgate) {
        HttpResponse<String> pool = procgate.get("admin/api/pools/cgi-bin", "Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + Servers.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        assertThat(pool.statusCode()).isEqualTo(200);
        Map<String, Object> failures = (Map<String, Object>) Procgate.json(pool).get("failures");
        return ((Number) failures.get("clientAborted")).longValue();
    }

    @Test
    void headersProgramsRelyOnReachThem(Procgate procgate) {
        String table = procgate.get("fcgi/env/", "X-Api-Key", "k1", "Git-Protocol", "version=2",
                "X-CSRF-Token", "t1", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").body();
        assertThat(table)
                .contains("<tr><th>HTTP_X_API_KEY</th><td>k1</td></tr>")
                .contains("<tr><th>HTTP_GIT_PROTOCOL</th><td>version=2</td></tr>")
                .contains("<tr><th>HTTP_X_CSRF_TOKEN</th><td>t1</td></tr>")
                .contains("<tr><th>HTTP_TRACEPARENT</th>");
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(5).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
