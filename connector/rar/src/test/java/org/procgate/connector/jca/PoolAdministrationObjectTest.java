package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;

/** The operator sees every pool of the deployment, whichever adapter instance opened it. */
class PoolAdministrationObjectTest {

    @TempDir
    Path scripts;

    private final ProcgateResourceAdapter adminsAdapter = new ProcgateResourceAdapter();
    private final ProcgateResourceAdapter poolsAdapter = new ProcgateResourceAdapter();

    @AfterEach
    void stop() {
        adminsAdapter.stop();
        poolsAdapter.stop();
    }

    private PoolSettings cgiPool(String name) {
        return new PoolSettings(name, PoolKind.CGI, List.of(), null, Map.of(), 2, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 1024, 1024 * 1024, 8192, 1024, PoolSettings.ALL_HEADERS, false,
                Duration.ofMillis(200), Duration.ofSeconds(5), FastCgiSettings.defaults(), CgiSettings.defaults().withScriptRoot(scripts));
    }

    @Test
    void listsAndFindsPoolsThatAnotherInstanceOfTheAdapterOpened() throws Exception {
        adminsAdapter.start(null);
        poolsAdapter.start(null);
        adminsAdapter.registry().open(cgiPool("own"));
        poolsAdapter.registry().open(cgiPool("other"));
        PoolAdministrationObject administration = new PoolAdministrationObject();
        administration.setResourceAdapter(adminsAdapter);

        assertThat(administration.pools()).extracting(PoolStatus::name).containsExactly("other", "own");
        assertThat(administration.pool("other").maxWorkers()).isEqualTo(2);
        administration.resize("other", 1);
        assertThat(poolsAdapter.registry().pool("other").status().maxWorkers()).isEqualTo(1);
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.pool("missing")).failure())
                .isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void aStoppedInstanceIsNoLongerAsked() throws Exception {
        adminsAdapter.start(null);
        poolsAdapter.start(null);
        poolsAdapter.registry().open(cgiPool("gone"));
        PoolAdministrationObject administration = new PoolAdministrationObject();
        administration.setResourceAdapter(adminsAdapter);

        poolsAdapter.stop();

        assertThat(administration.pools()).isEmpty();
    }
}
