package org.procgate.connector.cgi;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.settings.Accelerator;
import org.procgate.connector.threads.PoolThreads;

/** Tests that run real scripts through a CGI pool: the adapter's threads, and a pool configuration to change. */
abstract class RealScriptTest {

    static PoolThreads executors;
    /** A copy of the test scripts the whole class shares (tests that change the directory make their own). */
    @TempDir
    static Path classDir;
    static Path root;

    TestPool config = new TestPool();

    {
        config.accelerator = accelerator();
    }

    /**
     * How the pools of the test start their scripts: executed from the server, or forked by the
     * pool's launcher. The same cases run in every mode (see {@code ForkedScriptTests} and
     * {@code PythonAcceleratedScriptTests}) with the same expected results.
     */
    Accelerator accelerator() {
        return Accelerator.NONE;
    }

    @BeforeAll
    static void startThreads() {
        executors = PoolThreads.ownThreads();
        root = TestPool.copyScripts(classDir);
    }

    @AfterAll
    static void stopThreads() {
        executors.close();
    }
}
