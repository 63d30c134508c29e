package org.procgate.connector.interop;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIf;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.LaunchMode;

/** A Perl responder on the FCGI module (libfcgi-perl), src/test/programs/echo.pl, on fd 0. */
@EnabledIf("installed")
class PerlFcgiTest extends PeerContract {

    PerlFcgiTest() {
        super("/echo", "/stderr", "/pid");
    }

    static boolean installed() throws Exception {
        Process probe = new ProcessBuilder("perl", "-MFCGI", "-e", "1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return probe.waitFor() == 0 && FcgiwrapTest.installed();
    }

    @Override
    PoolSettingsBuilder pool(String name) {
        return PoolSettingsBuilder.fastcgi(name, List.of("/usr/bin/perl", TestPrograms.programs().resolve("echo.pl").toString()))
                .launch(LaunchMode.FD0);
    }

    @Override
    byte[] stderrPageBody() {
        return PythonResponderBindTest.repeated(Requests.patternBytes(65536), 200);
    }

    @Override
    List<String> stderrMarkers() {
        return List.of("perl FCGI_STDERR marker 199");
    }

    /** Like fcgiwrap (both libfcgi): no answer to a management record before the first request. */
    @Override
    Map<String, String> expectedValues() {
        return Map.of();
    }
}
