package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.Servers;

/**
 * The admin console and its API are for the operator alone on every server, in every packaging:
 * anonymous callers and wrong credentials get a Basic challenge, however the path is spelled;
 * the operator's credentials get through; the public pages need none.
 */
@SystemTest
class AdminAccessIT {

    private static final String OPERATOR = basic("admin", Servers.ADMIN_PASSWORD);

    @Test
    void theAdminApiRefusesAnonymousCallers(Procgate procgate) {
        for (String path : List.of("admin/api/pools", "admin/", "admin", "admin;x=y/api/pools", "%61dmin/api/pools",
                "api/../admin/api/pools", "admin/lib/uPlot.iife.min.js")) {
            var response = procgate.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Basic"));
        }
        assertThat(procgate.get("admin/api/pools", "Authorization", basic("admin", "guess")).statusCode())
                .as("admin:guess").isEqualTo(401);
    }

    @Test
    void theOperatorGetsIn(Procgate procgate) {
        var pools = procgate.get("admin/api/pools", "Authorization", OPERATOR);
        assertThat(pools.statusCode()).isEqualTo(200);
        // every pool of the deployment, also where the server gives the administered object an adapter
        // instance of its own (WildFly)
        assertThat(pools.body()).startsWith("[").contains("\"name\":\"search\"").contains("\"name\":\"cgi-bin\"");
        var console = procgate.get("admin/", "Authorization", OPERATOR);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<html");
        // the charting library comes from the WAR's webjar, on every server
        assertThat(procgate.get("admin/lib/uPlot.iife.min.js", "Authorization", OPERATOR).body()).contains("uPlot");
    }

    @Test
    void publicPagesNeedNoCredentialsAndAcceptTheOperatorsToo(Procgate procgate) {
        assertThat(procgate.get("").statusCode()).isEqualTo(200);
        assertThat(procgate.get("", "Authorization", OPERATOR).statusCode()).isEqualTo(200);
        assertThat(procgate.get("api/records?q=smith&via=direct", "Authorization", OPERATOR).statusCode()).isEqualTo(200);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
