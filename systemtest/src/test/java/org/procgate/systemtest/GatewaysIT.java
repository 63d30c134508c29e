package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/** /cgi-bin runs a script per request; /fcgi passes the request to a warm worker pool. */
@SystemTest
class GatewaysIT {

    @Test
    void cgiBinRunsTheTestScript(Procgate procgate) {
        HttpResponse<String> response = procgate.get("cgi-bin/test.py");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(response.body()).isEqualTo("This is a test\n");
    }

    @Test
    void fcgiPassesTheRequestToTheEnvironmentApp(Procgate procgate) {
        HttpResponse<String> response = procgate.get("fcgi/env/some/path?x=%3Cb%3E", "Proxy", "http://evil.example");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body())
                .startsWith("<h1>FastCGI Environment</h1>")
                .contains("<tr><th>PATH_INFO</th><td>/some/path</td></tr>")
                .contains("<tr><th>QUERY_STRING</th><td>x=%3Cb%3E</td></tr>")
                .contains("<tr><th>SCRIPT_NAME</th><td>" + procgate.base().getPath() + "fcgi/env</td></tr>")
                .contains("<tr><th>REQUEST_METHOD</th><td>GET</td></tr>");
    }

    @Test
    void aProgramGetsTheRequestsIdAndItsTraceContextForProcgatesHop(Procgate procgate) {
        String id = "6f1c2a7e-0000-4000-8000-0000000000cc";
        String body = procgate.get("fcgi/env/", "X-Request-Id", id,
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").body();
        assertThat(body).contains("<tr><th>REQUEST_ID</th><td>" + id + "</td></tr>")
                .containsPattern("<tr><th>HTTP_TRACEPARENT</th><td>00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01</td></tr>")
                .doesNotContain("00f067aa0ba902b7");
        // a new trace: not sampled when procgate keeps the context to itself; as the server's sampler
        // decides where the server traces requests (Payara's MicroProfile Telemetry samples it)
        assertThat(procgate.get("fcgi/env/").body()).as("without either, both are made")
                .containsPattern("<tr><th>REQUEST_ID</th><td>[0-9a-f-]{36}</td></tr>")
                .containsPattern("<tr><th>HTTP_TRACEPARENT</th><td>00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]</td></tr>");
    }

    @Test
    void cgiScriptsGetBodyAndPathInfo(Procgate procgate) {
        HttpResponse<String> response = procgate.send("POST", "cgi/test-cgi/echo.sh/a/b", "hello body", "Proxy", "x");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("hello body");
        assertThat(response.headers().firstValue("X-Path-Info")).hasValue("/a/b");
        assertThat(response.headers().firstValue("X-Method")).hasValue("POST");
        assertThat(response.headers().firstValue("X-Proxy")).hasValue("none");
    }

    @Test
    void httpoxyNeverReachesAProgram(Procgate procgate) {
        assertThat(procgate.get("fcgi/env/", "Proxy", "http://evil.example").body())
                .doesNotContain("HTTP_PROXY").doesNotContain("evil.example");
    }
}
