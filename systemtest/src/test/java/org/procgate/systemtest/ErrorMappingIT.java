package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

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

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        var problem = Procgate.json(response);
        assertThat(problem).containsKeys("type", "title");
        assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status);
    }
}
