package org.procgate.connector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FastCgiSettingsTest {

    private static FastCgiSettings of(ProcessManager pm, int start, int minSpare, int maxSpare) {
        return new FastCgiSettings(LaunchMode.FD0, List.of(), pm, start, minSpare, maxSpare, Duration.ofSeconds(10), 0,
                Duration.ZERO, Duration.ofSeconds(5), null, Set.of(), 1, Duration.ofSeconds(10), 1);
    }

    @Test
    void staticKeepsEveryWorker() {
        FastCgiSettings settings = of(ProcessManager.STATIC, 1, 1, 3);
        assertThat(settings.initialWorkers(6)).isEqualTo(6);
        assertThat(settings.minIdle(6)).isEqualTo(6);
        assertThat(settings.maxIdle(6)).isEqualTo(6);
    }

    @Test
    void dynamicStartsAtLeastTheSpareMinimumAndTrimsAboveTheSpareMaximum() {
        FastCgiSettings settings = of(ProcessManager.DYNAMIC, 1, 2, 3);
        assertThat(settings.initialWorkers(8)).isEqualTo(2);
        assertThat(settings.minIdle(8)).isEqualTo(2);
        assertThat(settings.maxIdle(8)).isEqualTo(3);
        assertThat(of(ProcessManager.DYNAMIC, 20, 2, 3).initialWorkers(8)).as("never above maxWorkers").isEqualTo(8);
    }

    @Test
    void ondemandStartsNothing() {
        FastCgiSettings settings = of(ProcessManager.ONDEMAND, 5, 2, 3);
        assertThat(settings.initialWorkers(8)).isZero();
        assertThat(settings.minIdle(8)).isZero();
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> of(ProcessManager.DYNAMIC, 1, 4, 2)).hasMessageContaining("minSpareWorkers");
        assertThatThrownBy(() -> new FastCgiSettings(LaunchMode.REMOTE, List.of(), ProcessManager.STATIC, 0, 0, 0,
                Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ofSeconds(1), null, Set.of(), 1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("addresses");
        assertThatThrownBy(() -> ProcessManager.parse("sometimes")).hasMessageContaining("static");
    }
}
