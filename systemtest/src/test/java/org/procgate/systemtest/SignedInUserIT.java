package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.RealmUser;

/**
 * Pools that name roles (requiredRoles), on every server with its own realm: the server challenges
 * a caller without a user, a user with none of the roles gets 403, and the program sees the
 * signed-in user as REMOTE_USER and AUTH_TYPE, never the credentials. A public pool asks nothing.
 */
@SystemTest
class SignedInUserIT {

    private static final String WHOAMI = "cgi/test-signed-in/whoami.sh";
    private static final String FASTCGI = "fcgi/test-fcgi-signed-in/";

    static String credentials(RealmUser user) {
        return Procgate.basic(user.name(), user.password());
    }

    @Test
    void aCallerWithoutAUserGetsTheServersChallenge(Procgate procgate) {
        for (String path : new String[] {WHOAMI, FASTCGI}) {
            HttpResponse<String> response = procgate.get(path);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWithIgnoringCase("Basic"));
            assertThat(response.body()).doesNotContain("REMOTE_USER");
        }
    }

    @Test
    void aWrongPasswordIsChallengedAgain(Procgate procgate) {
        HttpResponse<String> response = procgate.get(WHOAMI, "Authorization",
                Procgate.basic(RealmUser.PUSHER.name(), "not-" + RealmUser.PUSHER.password()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void aUserWithNoneOfThePoolsRolesIsRefused(Procgate procgate) {
        for (String path : new String[] {WHOAMI, FASTCGI}) {
            Map<String, Object> problem = Procgate.problem(procgate.get(path, "Authorization", credentials(RealmUser.OUTSIDER)), 403);
            assertThat(problem).containsEntry("type", "urn:procgate:problem:forbidden");
            assertThat((String) problem.get("detail")).contains(RealmUser.OUTSIDER.name()).doesNotContain("git-pusher");
        }
    }

    @Test
    void aScriptSeesTheSignedInUserButNotTheirCredentials(Procgate procgate) {
        HttpResponse<String> response = procgate.get(WHOAMI, "Authorization", credentials(RealmUser.PUSHER));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body().lines()).containsExactly("REMOTE_USER=alice", "AUTH_TYPE=Basic", "HTTP_AUTHORIZATION=");
    }

    @Test
    void aFastCgiWorkerSeesTheSignedInUserButNotTheirCredentials(Procgate procgate) {
        HttpResponse<String> response = procgate.get(FASTCGI, "Authorization", credentials(RealmUser.PUSHER));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("<tr><th>REMOTE_USER</th><td>alice</td></tr>",
                "<tr><th>AUTH_TYPE</th><td>Basic</td></tr>").doesNotContain("HTTP_AUTHORIZATION");
    }

    @Test
    void aPublicPoolAsksNothingAndSeesNoUser(Procgate procgate) {
        HttpResponse<String> response = procgate.get("cgi/test-scripts/env.py", "Authorization", credentials(RealmUser.PUSHER));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body()).doesNotContain("REMOTE_USER", "AUTH_TYPE", "HTTP_AUTHORIZATION");
    }
}
