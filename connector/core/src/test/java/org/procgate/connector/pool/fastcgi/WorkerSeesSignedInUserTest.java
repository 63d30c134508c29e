package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.pool.TestPrograms;

/** A FastCGI worker gets the signed-in user in its PARAMS as a CGI script gets it in its environment. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class WorkerSeesSignedInUserTest {

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
}
