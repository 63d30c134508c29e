package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Liveness, readiness and startup under the application on every server, without a user, for load
 * balancers and orchestrators; a pool marked {@code optional} that cannot start shows in the
 * readiness data but leaves the node ready.
 */
@SystemTest
class HealthIT {

    @Test
    void theThreeChecksAnswerUpWithoutAUser(Procgate procgate) {
        for (String check : List.of("health/live", "health/ready", "health/started", "health")) {
            HttpResponse<String> answer = procgate.get(check);
            assertThat(answer.statusCode()).as(check + ": " + answer.body()).isEqualTo(200);
            assertThat(Procgate.json(answer)).containsEntry("status", "UP");
        }
        assertThat(procgate.get("health/ready").body()).contains("\"env\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOptionalPoolThatCannotStartLeavesTheNodeReady(Procgate procgate) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String state = "";
        while (!state.startsWith("FAILED") && System.nanoTime() < deadline) {
            assertThat(procgate.get("fcgi/test-optional/").statusCode()).isIn(502, 503);
            HttpResponse<String> ready = procgate.get("health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            List<Map<String, Object>> checks = (List<Map<String, Object>>) Procgate.json(ready).get("checks");
            state = String.valueOf(((Map<String, Object>) checks.get(0).get("data")).get("test-optional"));
            Thread.sleep(200);
        }
        assertThat(state).startsWith("FAILED").endsWith("(optional)");
    }
}
