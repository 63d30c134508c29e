package org.procgate.connector.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.condition.EnabledIf;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;

/**
 * php-cgi binding its own socket, one process (PHP_FCGI_CHILDREN=0) that never exits by itself
 * (PHP_FCGI_MAX_REQUESTS=0), serving the PHP pages of src/test/programs/php.
 */
@EnabledIf("installed")
class PhpCgiTest extends PeerContract {

    PhpCgiTest() {
        super("/echo.php", "/stderr.php", "/env.php");
    }

    static final String PHP_CGI = "/usr/bin/php-cgi";

    static boolean installed() {
        return Files.isExecutable(Path.of(PHP_CGI));
    }

    /** php-cgi with room for 10 MB bodies; {@code maxRequests} is its own PHP_FCGI_MAX_REQUESTS. */
    static PoolSettingsBuilder phpPool(String name, int maxRequests) {
        return PoolSettingsBuilder.fastcgi(name, List.of(PHP_CGI, "-d", "post_max_size=64M", "-d", "memory_limit=256M",
                        "-d", "output_buffering=0", "-b", "{socket}"))
                .env("PHP_FCGI_CHILDREN", "0")
                .env("PHP_FCGI_MAX_REQUESTS", Integer.toString(maxRequests))
                .documentRoot(TestPrograms.programs().resolve("php"));
    }

    @Override
    PoolSettingsBuilder pool(String name) {
        return phpPool(name, 0);
    }

    @Override
    byte[] stderrPageBody() {
        return PythonResponderBindTest.repeated(Requests.patternBytes(65536), 200);
    }

    @Override
    List<String> stderrMarkers() {
        return List.of("php FCGI_STDERR marker 199", "php process stderr marker");
    }

    /** With PHP_FCGI_CHILDREN=0 php-cgi reports its child count, zero, as its connection limit. */
    @Override
    Map<String, String> expectedValues() {
        return Map.of("FCGI_MAX_CONNS", "0", "FCGI_MAX_REQS", "0", "FCGI_MPXS_CONNS", "0");
    }
}
