package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.ProcessManager;

/** A pool with nothing set is sized as PHP-FPM's shipped www.conf. */
class ConnectorDefaultsTest {

    @Test
    void anUnconfiguredPoolIsSizedAsPhpFpm() throws Exception {
        ProgramManagedConnectionFactory factory = new ProgramManagedConnectionFactory();
        factory.setPoolName("p");
        factory.setCommand("/bin/true");

        PoolSettings settings = factory.settings();
        FastCgiSettings fastcgi = settings.fastcgi();

        assertThat(settings.maxWorkers()).as("pm.max_children").isEqualTo(5);
        assertThat(fastcgi.processManager()).as("pm").isEqualTo(ProcessManager.DYNAMIC);
        assertThat(fastcgi.startWorkers()).as("pm.start_servers").isEqualTo(2);
        assertThat(fastcgi.minSpareWorkers()).as("pm.min_spare_servers").isEqualTo(1);
        assertThat(fastcgi.maxSpareWorkers()).as("pm.max_spare_servers").isEqualTo(3);
        assertThat(fastcgi.idleTimeout()).as("pm.process_idle_timeout").isEqualTo(Duration.ofSeconds(10));
        assertThat(fastcgi.maxRequestsPerWorker()).as("pm.max_requests").isZero();
        assertThat(fastcgi.initialWorkers(settings.maxWorkers())).isEqualTo(2);
        assertThat(FastCgiSettings.defaults()).isEqualTo(fastcgi);
    }
}
