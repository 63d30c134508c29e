package org.procgate.connector.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;

class PoolRegistryTest {

    @TempDir
    Path scripts;

    private PoolSettings cgiPool(String name, int maxWorkers) {
        return new PoolSettings(name, PoolKind.CGI, List.of(), null, Map.of(), maxWorkers, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 1024, 1024 * 1024, 8192, 1024, PoolSettings.ALL_HEADERS, false,
                Duration.ofMillis(200), Duration.ofSeconds(5),
                FastCgiSettings.defaults(), CgiSettings.defaults().withScriptRoot(scripts));
    }

    @Test
    void aPoolIsVisibleOverJmxUntilTheRegistryCloses() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = ObjectName.getInstance("org.procgate:type=Pool,name=" + ObjectName.quote("jmx-test"));
        PoolRegistry registry = new PoolRegistry();
        try {
            registry.open(cgiPool("jmx-test", 3));
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "MaxWorkers")).isEqualTo(3);
            assertThat(server.getAttribute(name, "Kind")).isEqualTo("cgi");
            assertThat(server.getAttribute(name, "State")).isEqualTo("RUNNING");
            assertThat(server.getAttribute(name, "AcceptedRequests")).isEqualTo(0L);
            assertThat((CompositeData[]) server.getAttribute(name, "Workers")).isEmpty();
        } finally {
            registry.close();
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void theSameNameWithOtherSettingsReloadsThePool() throws Exception {
        PoolRegistry registry = new PoolRegistry();
        try {
            ProgramPool first = registry.open(cgiPool("twice", 2));
            ProgramPool serving = ((ReloadablePool) first).current();
            assertThat(registry.open(cgiPool("twice", 2))).isSameAs(first);
            assertThat(((ReloadablePool) first).current()).as("the same definition changes nothing").isSameAs(serving);

            assertThat(registry.open(cgiPool("twice", 5))).isSameAs(first);
            assertThat(first.settings().maxWorkers()).isEqualTo(5);
            assertThat(((ReloadablePool) first).current()).isNotSameAs(serving);
            assertThat(registry.pools()).hasSize(1);
        } finally {
            registry.close();
        }
    }

    @Test
    void aClosedRegistryOpensNothing() {
        PoolRegistry registry = new PoolRegistry();
        registry.close();
        assertThatThrownBy(() -> registry.open(cgiPool("late", 1)))
                .isInstanceOf(ProgramException.class)
                .satisfies(e -> assertThat(((ProgramException) e).failure()).isEqualTo(Failure.UNAVAILABLE));
    }
}
