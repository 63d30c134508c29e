package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.RealmUser;
import org.procgate.systemtest.server.Servers;

/**
 * RFC 3875 local redirects on every server: a program's bare {@code Location: /path} is served
 * inside the server as a new GET, by the gateway, with the checks of a fresh request: a pool that
 * names roles asks for the user, and nothing outside the gateway's mounts (the admin API above
 * all) is reached, whoever is signed in. A loop ends in a 502; every other redirect passes to the
 * client unchanged.
 */
@SystemTest
class LocalRedirectIT {

    private static final String REDIRECT = "cgi/test-finish/redirect.sh?";
    private static final String OPERATOR = Procgate.basic("admin", Servers.ADMIN_PASSWORD);

    @Test
    void aBareLocationIsServedInsideTheServerAsAGetWithoutTheBody(Procgate procgate) {
        HttpResponse<String> response = procgate.send("POST", REDIRECT + "/cgi/test-finish/env.sh?x=1", "a body for the first program",
                "Content-Type", "text/plain");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        String context = procgate.base().getPath().replaceAll("/$", "");
        assertThat(response.body().lines()).contains("REQUEST_METHOD=GET", "REQUEST_URI=" + context + "/cgi/test-finish/env.sh?x=1",
                "SCRIPT_NAME=" + context + "/cgi/test-finish/env.sh", "QUERY_STRING=x=1", "CONTENT_LENGTH=", "STDIN_BYTES=0");
    }

    @Test
    void aPhpLocalRedirectFromAFastCgiWorkerIsServedToo(Procgate procgate) {
        HttpResponse<String> response = procgate.get("fcgi/test-finish-php/redirect.php?to=/cgi/test-finish/env.sh%3Ffrom%3Dphp");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body().lines()).contains("REQUEST_METHOD=GET", "QUERY_STRING=from=php");
    }

    @Test
    void aRedirectToAPoolThatNamesRolesHasItsOwnChecks(Procgate procgate) {
        String toWhoami = REDIRECT + "/cgi/test-signed-in/whoami.sh";
        HttpResponse<String> anonymous = procgate.get(toWhoami);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(anonymous.body()).doesNotContain("REMOTE_USER");

        Procgate.problem(procgate.get(toWhoami, "Authorization", SignedInUserIT.credentials(RealmUser.OUTSIDER)), 403);

        HttpResponse<String> pusher = procgate.get(toWhoami, "Authorization", SignedInUserIT.credentials(RealmUser.PUSHER));
        assertThat(pusher.statusCode()).as(pusher.body()).isEqualTo(200);
        assertThat(pusher.body().lines()).contains("REMOTE_USER=alice");
    }

    @Test
    void aScriptNeverReachesTheAdminApiWhoeverIsSignedIn(Procgate procgate) {
        assertThat(procgate.get("admin/api/pools", "Authorization", OPERATOR).body()).as("the operator's own request")
                .contains("test-finish");
        for (String path : List.of("/admin/api/pools", "/admin/api/pools/test-finish", "/admin/", "/cgi-bin/../admin/api/pools",
                "/cgi-bin/%2e%2e/admin/api/pools", "/fcgi/..%2Fadmin/api/pools", "/api/records?q=smith&via=direct")) {
            for (String[] headers : List.of(new String[0], new String[] {"Authorization", OPERATOR})) {
                HttpResponse<String> response = procgate.get(REDIRECT + path, headers);
                Map<String, Object> problem = Procgate.problem(response, 502);
                assertThat(problem).as(path).containsEntry("type", "urn:procgate:problem:local-redirect");
                assertThat((String) problem.get("detail")).contains("does not serve");
                assertThat(response.body()).doesNotContain("activeWorkers", "test-finish-php", "Smith");
            }
        }
    }

    @Test
    void aLoopEndsWithA502(Procgate procgate) {
        Map<String, Object> problem = Procgate.problem(procgate.get("cgi/test-finish/redirect.sh"), 502);
        assertThat(problem).containsEntry("type", "urn:procgate:problem:local-redirect");
        assertThat((String) problem.get("detail")).contains("loop");
    }

    @Test
    void everyOtherRedirectPassesToTheClientUnchanged(Procgate procgate) {
        Map<String, String> expected = Map.of("status", "/elsewhere", "url", "https://example.org/x",
                "relative", "other.sh?x=1", "body", "/elsewhere");
        expected.forEach((kind, location) -> {
            HttpResponse<String> response = procgate.get("cgi/test-finish/client-redirect.sh?" + kind);
            assertThat(response.statusCode()).as(kind).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(kind).hasValue(location);
        });
        assertThat(procgate.get("cgi/test-finish/client-redirect.sh?body").body()).isEqualTo("<a href=\"/elsewhere\">moved</a>");
    }
}
