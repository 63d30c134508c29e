package org.procgate.connector.interop;

import java.util.List;
import java.util.Map;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;


/** The project's own stdlib responder (samples/lib/fcgi_responder.py), binding the socket itself. */
class PythonResponderBindTest extends PeerContract {

    PythonResponderBindTest() {
        super("/echo", "/stderr", "/pid");
    }

    @Override
    PoolSettingsBuilder pool(String name) {
        return TestPrograms.testAppPool(name);
    }

    @Override
    byte[] stderrPageBody() {
        return repeated(Requests.patternBytes(65536), 200);
    }

    @Override
    List<String> stderrMarkers() {
        return List.of("test_app FCGI_STDERR marker 199", "test_app process stderr marker");
    }

    @Override
    Map<String, String> expectedValues() {
        return Map.of("FCGI_MAX_CONNS", "1", "FCGI_MAX_REQS", "1", "FCGI_MPXS_CONNS", "0");
    }

    static byte[] repeated(byte[] block, int times) {
        byte[] all = new byte[block.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(block, 0, all, i * block.length, block.length);
        }
        return all;
    }
}
