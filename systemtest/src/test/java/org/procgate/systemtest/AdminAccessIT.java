package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The admin console and its API refuse anonymous callers on every server, in every packaging
 * (the EAR's WAR carries a web.xml of its own, which must hold the same constraint).
 */
@SystemTest
class AdminAccessIT {

    @Test
    void theAdminApiRefusesAnonymousCallers(Procgate procgate) {
        assertThat(procgate.get("admin/api/pools").statusCode()).isEqualTo(401);
        assertThat(procgate.get("admin/").statusCode()).isEqualTo(401);
        assertThat(procgate.get("admin/api/pools", "Authorization", "Basic YWRtaW46Z3Vlc3M=").statusCode())
                .as("admin:guess").isEqualTo(401);
    }
}
