package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.settings.Accelerator;

/** A pool's launcher is supervised like a FastCGI worker: started again when it dies, with a backoff when it keeps failing. */
class LauncherSupervisionTest extends RealScriptTest {

    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }

    private static String hello(CgiPool pool) throws ProgramException {
        return pool.execute(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.py").build()).bodyText();
    }

    private static ProcessHandle launcher() {
        return ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("").contains("launcher.py"))
                .findFirst().orElseThrow();
    }

    @Test
    void aLauncherThatDiesIsStartedAgainAtTheNextRequest() throws Exception {
        try (CgiPool pool = config.open(root, executors)) {
            assertThat(hello(pool)).isEqualTo("hello from python\n");
            ProcessHandle first = launcher();
            first.destroyForcibly();
            first.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(hello(pool)).isEqualTo("hello from python\n");
            assertThat(launcher().pid()).isNotEqualTo(first.pid());
            assertThat(pool.status().state()).isEqualTo(PoolStatus.State.RUNNING);
        }
    }

    @Test
    void theOperatorsRestartStartsANewLauncher() throws Exception {
        try (CgiPool pool = config.open(root, executors)) {
            assertThat(hello(pool)).isEqualTo("hello from python\n");
            ProcessHandle first = launcher();

            pool.restart();

            assertThat(first.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(hello(pool)).isEqualTo("hello from python\n");
            assertThat(launcher().pid()).isNotEqualTo(first.pid());
        }
    }

    @Test
    void aLauncherThatCannotStartFailsRequestsAt503AndBacksOff() {
        config.preload = List.of("no_such_module_anywhere");
        try (CgiPool pool = config.open(root, executors)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Throwable failure = catchThrowable(() -> hello(pool));
                assertThat(((ProgramException) failure).failure()).isEqualTo(Failure.UNAVAILABLE);
            }
            long start = System.nanoTime();
            Throwable backingOff = catchThrowable(() -> hello(pool));
            assertThat(backingOff).hasMessageContaining("next attempt in");
            assertThat((System.nanoTime() - start) / 1_000_000).as("refused at once").isLessThan(500);
            assertThat(pool.status().state()).isEqualTo(PoolStatus.State.FAILED);
        }
    }
}
