package org.procgate.connector.interop;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.settings.LaunchMode;


/** The project's responder again, handed its listening socket on fd 0 by spawn-fcgi. */
class PythonResponderFd0Test extends PythonResponderBindTest {

    @Override
    PoolSettingsBuilder pool(String name) {
        return PoolSettingsBuilder.fastcgi(name, TestPrograms.testApp(false)).launch(LaunchMode.FD0)
                .env("PYTHONPATH", TestPrograms.responderLibrary());
    }
}
