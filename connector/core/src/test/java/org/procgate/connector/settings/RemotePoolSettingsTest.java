package org.procgate.connector.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A remote pool as the README's table describes it: no command, addresses, checks, affinity. */
class RemotePoolSettingsTest {

    private static PoolSettings read(Map<String, String> extra) {
        Map<String, String> definition = new HashMap<>(Map.of("poolName", "php", "launch", "remote",
                "addresses", "unix:/run/php/php8.2-fpm.sock, 10.0.0.2:9000 weight=3"));
        definition.putAll(extra);
        return PoolSettingsReader.read(definition);
    }

    @Test
    void aRemotePoolNeedsNoCommand() {
        PoolSettings settings = read(Map.of());
        assertThat(settings.command()).isEmpty();
        assertThat(settings.fastcgi().addresses()).containsExactly("unix:/run/php/php8.2-fpm.sock", "10.0.0.2:9000 weight=3");
        BackendSettings backends = settings.fastcgi().backends();
        assertThat(backends.checked()).as("no active checks unless asked for").isFalse();
        assertThat(backends.resolveInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backends.affinity()).isEqualTo("none");
        assertThatThrownBy(() -> PoolSettingsReader.read(Map.of("poolName", "local", "launch", "fd0")))
                .hasMessageContaining("needs a command");
    }

    @Test
    void checksAndAffinityAreReadAndChecked() {
        BackendSettings backends = read(Map.of("healthCheck", "/ping", "healthCheckIntervalMillis", "500",
                "healthCheckTimeoutMillis", "200", "healthCheckFall", "2", "healthCheckRise", "4",
                "resolveIntervalMillis", "0", "affinity", "cookie:PHPSESSID")).fastcgi().backends();
        assertThat(backends).isEqualTo(new BackendSettings(Duration.ZERO, "/ping", Duration.ofMillis(500),
                Duration.ofMillis(200), 2, 4, "cookie:PHPSESSID"));
        assertThat(read(Map.of("healthCheck", "values")).fastcgi().backends().checked()).isTrue();
        assertThatThrownBy(() -> read(Map.of("healthCheck", "ping"))).hasMessageContaining("pool php")
                .hasMessageContaining("healthCheck");
        assertThatThrownBy(() -> read(Map.of("affinity", "cookie:"))).hasMessageContaining("affinity");
        assertThatThrownBy(() -> read(Map.of("healthCheckFall", "0"))).hasMessageContaining("healthCheckFall");
    }
}
