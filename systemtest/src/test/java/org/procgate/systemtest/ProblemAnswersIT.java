package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Error answers tell the client what it needs and no more: a stable type per kind, the request
 * id (also the answer's X-Request-Id and its instance), the client's own mistakes described, and
 * nothing of the pool, the worker or the files behind a server-side failure.
 */
@SystemTest
class ProblemAnswersIT {

    @Test
    void aProgramFailureNamesItsKindAndRequestButNothingInside(Procgate procgate) {
        HttpResponse<String> response = procgate.get("cgi/test-scripts/respond.sh?crash");
        assertThat(response.statusCode()).isEqualTo(502);
        Map<String, Object> problem = Procgate.json(response);
        assertThat(problem.get("type")).isIn("urn:procgate:problem:program-failed", "urn:procgate:problem:program-answer-invalid");
        assertThat(problem.get("detail").toString()).startsWith("The program");
        String id = problem.get("requestId").toString();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(problem.get("instance")).isEqualTo("urn:uuid:" + id);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(id);
        assertThat(response.body()).doesNotContain("test-scripts").doesNotContain("respond.sh")
                .doesNotContain("pid").doesNotContain("/work").doesNotContain("pool");
    }

    @Test
    void aTimeoutIsItsOwnKind(Procgate procgate) {
        HttpResponse<String> response = procgate.get("cgi/test-cgi/sleep.sh?20");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(Procgate.json(response).get("type")).isEqualTo("urn:procgate:problem:timeout");
        assertThat(response.body()).doesNotContain("sleep.sh").doesNotContain("test-cgi");
    }

    @Test
    void aProxysUuidRequestIdIsKeptAnythingElseReplaced(Procgate procgate) {
        String given = UUID.randomUUID().toString();
        HttpResponse<String> kept = procgate.get("cgi/test-scripts/respond.sh?crash", "X-Request-Id", given);
        assertThat(Procgate.json(kept).get("requestId")).isEqualTo(given);
        assertThat(kept.headers().firstValue("X-Request-Id")).hasValue(given);

        HttpResponse<String> replaced = procgate.get("cgi/test-scripts/respond.sh?crash", "X-Request-Id", "<script>");
        assertThat(Procgate.json(replaced).get("requestId").toString()).isNotEqualTo("<script>").matches("[0-9a-f-]{36}");
    }

    @Test
    void theClientsOwnMistakesAreDescribed(Procgate procgate) {
        HttpResponse<String> missing = procgate.get("cgi/test-scripts/no-such-script.sh");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Procgate.json(missing).get("type")).isEqualTo("urn:procgate:problem:not-found");
        assertThat(Procgate.json(missing).get("detail").toString()).isNotBlank();

        HttpResponse<String> invalid = procgate.get("api/records?limit=0");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(Procgate.json(invalid).get("type")).isEqualTo("urn:procgate:problem:invalid-parameter");
        assertThat(Procgate.json(invalid).get("detail").toString()).startsWith("limit: ");
        assertThat(Procgate.json(invalid).get("requestId")).isNotNull();
    }

    @Test
    void aRefusedMethodListsTheAllowedOnes(Procgate procgate) {
        for (String path : new String[] {"cgi-bin/hello.sh", "api/hello"}) {
            HttpResponse<String> refused = procgate.send("PATCH", path, "x");
            assertThat(refused.statusCode()).as(path).isEqualTo(405);
            assertThat(refused.headers().firstValue("Allow")).as(path)
                    .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
            assertThat(Procgate.json(refused).get("requestId")).as(path).isNotNull();
        }
    }
}
