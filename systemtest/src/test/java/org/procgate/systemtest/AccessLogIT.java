package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.ServerUnderTest;

/**
 * {@code procgate.accessLog} given to the server's JVM as the README says for each server: every
 * gateway and search request has its line in that file, with the id the client sent, the pool and
 * the worker that served it.
 */
@SystemTest
class AccessLogIT {

    @Test
    void gatewayAndSearchRequestsHaveTheirLinesWithTheClientsRequestId(Procgate procgate, ServerUnderTest server)
            throws Exception {
        String gatewayId = UUID.randomUUID().toString();
        String searchId = UUID.randomUUID().toString();
        assertThat(procgate.get("fcgi/env/", "X-Request-Id", gatewayId).statusCode()).isEqualTo(200);
        assertThat(procgate.get("api/records?limit=1", "X-Request-Id", searchId).statusCode()).isEqualTo(200);

        Path log = server.workDirectory().resolve("access.log");
        String gateway = awaitLine(log, gatewayId);
        assertThat(gateway).containsPattern("^127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /procgate/fcgi/env/ HTTP/[0-9.]+\" 200 \\d+ ")
                .contains(" pool=env ").containsPattern(" pid=\\d+ ").containsPattern(" urt=\\d+\\.\\d{3} ");
        assertThat(awaitLine(log, searchId)).contains("\"GET /procgate/api/records?limit=1 ", " pool=search ");
    }

    /** The one line with this request id, once the log has it (within 10 s). */
    private static String awaitLine(Path log, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            Optional<String> line = lines.stream().filter(text -> text.contains(" id=" + id + " ")).findFirst();
            if (line.isPresent()) {
                assertThat(lines.stream().filter(text -> text.contains(" id=" + id + " "))).as("one line per request").hasSize(1);
                return line.get();
            }
            assertThat(System.nanoTime()).as("a line with id %s in %s (%d lines)", id, log, lines.size()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
