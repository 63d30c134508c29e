package org.procgate.connector.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIf;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.LaunchMode;

/**
 * fcgiwrap on fd 0 (through spawn-fcgi), running the shell CGI scripts of src/test/programs/cgi;
 * it finds each script through SCRIPT_FILENAME, which the pool sets from its document root.
 */
@EnabledIf("installed")
class FcgiwrapTest extends PeerContract {

    FcgiwrapTest() {
        super("/echo.sh", "/stderr.sh", "/env.sh");
    }

    static final String FCGIWRAP = "/usr/sbin/fcgiwrap";

    static boolean installed() {
        return Files.isExecutable(Path.of(FCGIWRAP)) && Files.isExecutable(Path.of("/usr/bin/spawn-fcgi"));
    }

    @Override
    PoolSettingsBuilder pool(String name) {
        return PoolSettingsBuilder.fastcgi(name, List.of(FCGIWRAP)).launch(LaunchMode.FD0)
                .documentRoot(TestPrograms.programs().resolve("cgi"));
    }

    @Override
    byte[] stderrPageBody() {
        return new byte[200 * 65536];
    }

    /** fcgiwrap passes on its own stderr to the script rather than sending FCGI_STDERR. */
    @Override
    List<String> stderrMarkers() {
        return List.of("fcgiwrap stderr marker 199");
    }

    /** libfcgi reads management records only inside a request: no answer before the first one. */
    @Override
    Map<String, String> expectedValues() {
        return Map.of();
    }
}
