package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Failures answer as application/problem+json with the status the README promises, on every server alike. */
@SystemTest
class ErrorMappingIT {

    @Test
    void anInvalidParameterIs400NamingTheField(Procgate procgate) {
        HttpResponse<String> response = procgate.get("api/records?q=x&limit=abc");
        assertProblem(response, 400);
        assertThat(Procgate.json(response).get("detail").toString()).contains("limit");
        assertProblem(procgate.get("api/records?via=carrier-pigeon"), 400);
        assertThat(Procgate.json(procgate.get("api/records?offset=-1")).get("detail").toString()).contains("offset");
    }

    @Test
    void unknownPoolsAndScriptsAre404(Procgate procgate) {
        assertProblem(procgate.get("fcgi/no-such-pool/x"), 404);
        assertProblem(procgate.get("cgi-bin/no-such-script.py"), 404);
        assertProblem(procgate.get("cgi/no-such-pool/test.py"), 404);
    }

    @Test
    void scriptsOutsideTheDirectoryAreRefused(Procgate procgate) {
        assertThat(procgate.get("cgi-bin/../search.py").statusCode()).isIn(400, 404);
        assertThat(procgate.get("cgi-bin/%2e%2e/fcgi/env_app.py").statusCode()).isIn(400, 404);
        assertThat(procgate.get("cgi-bin/.test.py").statusCode()).isEqualTo(404);
        assertThat(procgate.get("cgi-bin/test.py~").statusCode()).isEqualTo(404);
    }

    @Test
    void failuresMapToProblems(Procgate procgate) {
        assertThat(procgate.get("cgi-bin/../config/procgate-resources.xml").statusCode()).isIn(400, 404);
        assertThat(procgate.get("cgi/test-cgi/broken.sh").statusCode()).isEqualTo(502);
        assertThat(procgate.send("POST", "cgi/test-cgi/echo.sh", "x".repeat(1001)).statusCode()).isEqualTo(413);

        HttpResponse<String> timeout = procgate.get("cgi/test-cgi/sleep.sh?20");
        assertThat(timeout.statusCode()).isEqualTo(504);
        assertThat(timeout.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void anExhaustedPoolAnswers503WithRetryAfter(Procgate procgate) throws Exception {
        CompletableFuture<HttpResponse<String>> busy = CompletableFuture.supplyAsync(() -> procgate.get("cgi/test-cgi/sleep.sh?1"));
        Thread.sleep(300);
        HttpResponse<String> refused = procgate.get("cgi/test-cgi/sleep.sh?1");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().allValues("Retry-After")).as("one Retry-After, in whole seconds").singleElement()
                .satisfies(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(busy.get().statusCode()).isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = Procgate.json(response);
        assertThat(problem).containsKeys("type", "title");
        assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status);
    }
}
