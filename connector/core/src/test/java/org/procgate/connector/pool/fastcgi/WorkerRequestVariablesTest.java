package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestTrace;
import org.procgate.connector.pool.TestPrograms;

/**
 * A FastCGI worker gets the signed-in user, the request's id and its trace context in its PARAMS
 * as a CGI script gets them in its environment.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class WorkerRequestVariablesTest {

    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void remoteUserAndAuthTypeOnlyForASignedInUser() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("signed-in").build());

        String signedIn = pool.execute(ProgramRequest.builder("GET", "").pathInfo("/env")
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .remoteUser(new ProgramRequest.RemoteUser("alice", "BASIC")).build()).bodyText();
        String anonymous = pool.execute(ProgramRequest.builder("GET", "").pathInfo("/env").build()).bodyText();

        assertThat(signedIn.lines()).contains("REMOTE_USER=alice", "AUTH_TYPE=Basic")
                .noneMatch(line -> line.startsWith("HTTP_AUTHORIZATION="));
        assertThat(anonymous).doesNotContain("REMOTE_USER", "AUTH_TYPE");
    }

    @Test
    void theRequestsIdAndTraceContextAndThePoolNotesWhichWorkerServedIt() throws Exception {
        FastCgiPool pool = harness.open(TestPrograms.testAppPool("traced").build());
        String hop = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        RequestTrace trace = new RequestTrace("6f1c2a7e-0000-4000-8000-000000000002", hop);

        String env = pool.execute(ProgramRequest.builder("GET", "").pathInfo("/env").header("traceparent", "00-client")
                .trace(trace).build()).bodyText();

        assertThat(env.lines()).contains("REQUEST_ID=6f1c2a7e-0000-4000-8000-000000000002", "HTTP_TRACEPARENT=" + hop);
        assertThat(trace.pool()).isEqualTo("traced");
        assertThat(pool.status().workers()).extracting(w -> w.pid()).contains(trace.pid());
        assertThat(trace.waitNanos()).isNotNegative();
        assertThat(trace.programNanos()).isPositive();
    }
}
