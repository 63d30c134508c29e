package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.LaunchMode;

/**
 * With the server as root, FastCGI workers run as the pool's unprivileged user, whether they bind
 * their socket themselves or spawn-fcgi binds it for them (in the pool's directory, which is
 * theirs). Root only.
 */
class WorkersRunAsTheirUserTest {

    private final PoolHarness harness = new PoolHarness();

    @BeforeEach
    void rootOnly() {
        assumeTrue(ProcessHandle.current().info().user().filter("root"::equals).isPresent(),
                "the server switches users only when it runs as root");
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void boundAndFd0WorkersRunAsNobody() throws Exception {
        FastCgiPool bind = harness.open(TestPrograms.testAppPool("as-nobody").maxWorkers(1).build());
        FastCgiPool fd0 = harness.open(PoolSettingsBuilder.fastcgi("as-nobody-fd0", TestPrograms.testApp(false))
                .env("PYTHONPATH", TestPrograms.responderLibrary()).launch(LaunchMode.FD0).maxWorkers(1).build());
        for (FastCgiPool pool : List.of(bind, fd0)) {
            long pid = Long.parseLong(pool.execute(Requests.get("/pid")).bodyText());
            assertThat(uidOf(pid)).as(pool.settings().name() + " worker").isEqualTo("65534");
        }
    }

    /** The real and effective uid of a process, from /proc. */
    private static String uidOf(long pid) throws Exception {
        PoolHarness.waitUntil(Duration.ofSeconds(5), () -> Files.exists(Path.of("/proc/" + pid)), () -> "worker " + pid);
        String[] uids = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:"))
                .findFirst().orElseThrow().substring(4).trim().split("\\s+");
        assertThat(uids[0]).as("real uid").isEqualTo(uids[1]);
        return uids[1];
    }
}
