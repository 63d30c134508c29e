package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import jakarta.json.bind.JsonbBuilder;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Error answers tell the client what it needs and no more: a stable type per kind, the request
 * id (also the answer's X-Request-Id and its instance), the client's own mistakes described, and
 * nothing of the pool, the worker or the files behind a server-side failure.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProblemAnswersIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ProcgateWar.archive();
    }

    @ArquillianResource
    URL url;

    @Test
    void aProgramFailureNamesItsKindAndRequestButNothingInside() {
        HttpResponse<String> response = new Http(url).get("cgi/test-scripts/respond.sh?crash");
        assertThat(response.statusCode()).isEqualTo(502);
        Map<String, Object> problem = json(response);
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
    void aTimeoutIsItsOwnKind() {
        HttpResponse<String> response = new Http(url).get("cgi/test-cgi/sleep.sh?20");
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json(response).get("type")).isEqualTo("urn:procgate:problem:timeout");
        assertThat(response.body()).doesNotContain("sleep.sh").doesNotContain("test-cgi");
    }

    @Test
    void aProxysUuidRequestIdIsKeptAnythingElseReplaced() {
        String given = UUID.randomUUID().toString();
        HttpResponse<String> kept = new Http(url).get("cgi/test-scripts/respond.sh?crash", "X-Request-Id", given);
        assertThat(json(kept).get("requestId")).isEqualTo(given);
        assertThat(kept.headers().firstValue("X-Request-Id")).hasValue(given);

        HttpResponse<String> replaced = new Http(url).get("cgi/test-scripts/respond.sh?crash", "X-Request-Id", "<script>");
        assertThat(json(replaced).get("requestId").toString()).isNotEqualTo("<script>").matches("[0-9a-f-]{36}");
    }

    @Test
    void theClientsOwnMistakesAreDescribed() {
        HttpResponse<String> missing = new Http(url).get("cgi/test-scripts/no-such-script.sh");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("type")).isEqualTo("urn:procgate:problem:not-found");
        assertThat(json(missing).get("detail").toString()).isNotBlank();

        HttpResponse<String> invalid = new Http(url).get("api/records?limit=0");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("type")).isEqualTo("urn:procgate:problem:invalid-parameter");
        assertThat(json(invalid).get("detail").toString()).startsWith("limit: ");
        assertThat(json(invalid).get("requestId")).isNotNull();
    }

    @Test
    void aRefusedMethodListsTheAllowedOnes() {
        for (String path : new String[] {"cgi-bin/hello.sh", "api/hello"}) {
            HttpResponse<String> refused = new Http(url).send("PATCH", path, "x");
            assertThat(refused.statusCode()).as(path).isEqualTo(405);
            assertThat(refused.headers().firstValue("Allow")).as(path)
                    .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
            assertThat(json(refused).get("requestId")).as(path).isNotNull();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        try (var jsonb = JsonbBuilder.create()) {
            return jsonb.fromJson(response.body(), Map.class);
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }
}
