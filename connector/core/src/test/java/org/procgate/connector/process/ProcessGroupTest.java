package org.procgate.connector.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ProcessGroupTest {

    @Test
    void onlyPidsAllocatedAfterTheLeadersCanBeMembers() {
        assertThat(ProcessGroup.allocatedSince(150, 100, 200)).isTrue();
        assertThat(ProcessGroup.allocatedSince(200, 100, 200)).isTrue();
        assertThat(ProcessGroup.allocatedSince(100, 100, 200)).as("the leader itself").isFalse();
        assertThat(ProcessGroup.allocatedSince(50, 100, 200)).as("older than the leader").isFalse();
        assertThat(ProcessGroup.allocatedSince(250, 100, 200)).as("not allocated yet when listed").isFalse();
    }

    @Test
    void afterThePidsWrappedTheLowOnesAreNewAgain() {
        // leader 4,000,000; the counter passed pid_max and is now at 30
        assertThat(ProcessGroup.allocatedSince(4_100_000, 4_000_000, 30)).isTrue();
        assertThat(ProcessGroup.allocatedSince(12, 4_000_000, 30)).isTrue();
        assertThat(ProcessGroup.allocatedSince(31, 4_000_000, 30)).isFalse();
        assertThat(ProcessGroup.allocatedSince(3_999_999, 4_000_000, 30)).isFalse();
    }

    @Test
    void withoutTheLastPidEveryPidIsLookedAt() {
        assertThat(ProcessGroup.allocatedSince(1, 100, -1)).isTrue();
    }

    @Test
    void findsTheChildAScriptLeftInItsGroupAndNothingElse() throws Exception {
        ManagedProcess script = ProcessLauncher.start("group-test",
                List.of("/bin/sh", "-c", "sleep 30 >/dev/null 2>&1 </dev/null & echo $!"), null,
                Map.of("PATH", "/usr/bin:/bin"), true);
        String child = new String(script.process().getInputStream().readAllBytes()).trim();
        assertThat(script.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(ProcessGroup.members(script.pid())).containsExactly(Long.parseLong(child));
        } finally {
            script.killGroup();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ProcessGroup.members(script.pid()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessGroup.members(script.pid())).isEmpty();
    }
}
