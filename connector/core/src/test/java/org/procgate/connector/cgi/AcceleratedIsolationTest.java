package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.settings.Accelerator;

/**
 * What a forked child could share with the launcher or with other requests, and plain CGI never
 * shares: each case runs the same script through a pool with the Python accelerator, a module with
 * import-time state preloaded, and, where the answer must be the same, through a plain pool too.
 */
class AcceleratedIsolationTest extends RealScriptTest {

    @TempDir
    Path dir;
    private final List<CgiPool> pools = new java.util.ArrayList<>();

    @Override
    Accelerator accelerator() {
        return Accelerator.PYTHON;
    }

    @BeforeEach
    void scripts() throws IOException {
        root = TestPool.copyScripts(dir);
        Path lib = Files.createDirectory(dir.resolve("python-lib"));
        Files.copy(TestPool.SCRIPTS.resolveSibling("python-lib").resolve("preloaded_state.py"), lib.resolve("preloaded_state.py"));
        config.environment = new HashMap<>(Map.of("PYTHONPATH", lib.toString(), "PIDDIR", dir.toString()));
        config.preload = List.of("preloaded_state");
    }

    @AfterEach
    void closePools() {
        pools.forEach(CgiPool::close);
    }

    private CgiPool pool(Accelerator accelerator) {
        config.accelerator = accelerator;
        config.preload = accelerator == Accelerator.PYTHON ? List.of("preloaded_state") : List.of();
        CgiPool pool = config.open(root, executors);
        pools.add(pool);
        return pool;
    }

    private static ProgramResponse get(CgiPool pool, String script, String query) throws ProgramException {
        return pool.execute(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).queryString(query).build());
    }

    private static Map<String, String> report(CgiPool pool, String query) throws ProgramException {
        return get(pool, "isolation.py", query).bodyText().lines().map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1], (a, b) -> b, LinkedHashMap::new));
    }

    @Test
    void aPythonScriptRunsInTheForkedChildAsMainWithTheArgumentsPlainCgiGivesIt() throws ProgramException {
        Map<String, String> accelerated = report(pool(Accelerator.PYTHON), "");
        Map<String, String> plain = report(pool(Accelerator.NONE), "");

        assertThat(accelerated).containsEntry("preloaded", "True").containsEntry("name", "__main__");
        assertThat(plain).containsEntry("preloaded", "False");
        for (String same : List.of("name", "file", "package", "spec", "main_module", "argv", "path0", "hash_randomization",
                "query_at_import", "counter", "threads")) {
            if (!same.equals("query_at_import")) {
                assertThat(accelerated.get(same)).as(same).isEqualTo(plain.get(same));
            }
        }
    }

    @Test
    void aScriptEditedBetweenRequestsRunsAsItIsNowThoughTheLauncherCompiledItBefore() throws Exception {
        CgiPool pool = pool(Accelerator.PYTHON);
        assertThat(report(pool, "")).containsEntry("version", "1");
        Path script = root.resolve("isolation.py");
        Files.writeString(script, Files.readString(script).replace("\"version=1\"", "\"version=22\""));

        assertThat(report(pool, "")).containsEntry("version", "22");
        Files.writeString(script, Files.readString(script).replace("import os", "import os)"));
        Throwable accelerated = catchThrowable(() -> get(pool, "isolation.py", ""));
        Throwable plain = catchThrowable(() -> get(pool(Accelerator.NONE), "isolation.py", ""));
        assertThat(accelerated).as("a script that no longer compiles fails as in plain CGI").isInstanceOf(ProgramException.class);
        assertThat(((ProgramException) accelerated).failure()).isEqualTo(((ProgramException) plain).failure());
    }

    @Test
    void thePoolsStatusListsItsLauncherWithTheChildrenItForked() throws ProgramException {
        CgiPool pool = pool(Accelerator.PYTHON);
        long parent = Long.parseLong(report(pool, "").get("parent"));
        report(pool, "");

        assertThat(pool.status().workers()).singleElement().satisfies(launcher -> {
            assertThat(launcher.pid()).isEqualTo(parent);
            assertThat(launcher.requestsServed()).isEqualTo(2);
            assertThat(launcher.script()).isEqualTo("launcher (python, preload preloaded_state)");
            assertThat(launcher.residentBytes()).isPositive();
        });
        assertThat(pool(Accelerator.NONE).status().workers()).isEmpty();
    }

    @Test
    void everyChildDrawsOtherRandomNumbersAlsoFromGeneratorsMadeAtImport() throws ProgramException {
        CgiPool pool = pool(Accelerator.PYTHON);
        Map<String, String> first = report(pool, "");
        Map<String, String> second = report(pool, "");

        assertThat(second.get("random")).isNotEqualTo(first.get("random"));
        assertThat(second.get("module_random")).isNotEqualTo(first.get("module_random"));
    }

    @Test
    void stringHashesAreRandomisedAndAPoolsFixedSeedGivesPlainCgisValues() throws ProgramException {
        assertThat(report(pool(Accelerator.PYTHON), "")).containsEntry("hash_randomization", "1");

        config.environment.put("PYTHONHASHSEED", "0");
        Map<String, String> accelerated = report(pool(Accelerator.PYTHON), "");
        Map<String, String> plain = report(pool(Accelerator.NONE), "");
        assertThat(accelerated.get("hash")).isEqualTo(plain.get("hash"));
        assertThat(accelerated).containsEntry("hash_randomization", "0");
    }

    @Test
    void descriptorsThatPreloadedModulesOpenedDoNotReachTheScript() throws ProgramException {
        Map<String, String> accelerated = report(pool(Accelerator.PYTHON), "");

        // 0, 1, 2 and the one listing /proc/self/fd
        assertThat(accelerated.get("fds").split(",")).hasSize(4).startsWith("0", "1", "2");
    }

    @Test
    void aModuleThatReadsTheEnvironmentAtImportSeesTheLaunchersNotTheRequests() throws ProgramException {
        Map<String, String> accelerated = report(pool(Accelerator.PYTHON), "q1");

        assertThat(accelerated).containsEntry("query", "q1").containsEntry("query_at_import", "None");
        assertThat(report(pool(Accelerator.NONE), "q1")).as("plain CGI imports it per request")
                .containsEntry("query_at_import", "q1");
    }

    @Test
    void aScriptsChangesToModuleGlobalsAndItsThreadsEndWithItsRequest() throws ProgramException {
        CgiPool pool = pool(Accelerator.PYTHON);
        assertThat(get(pool, "isolation.py", "thread").bodyText()).as("a thread left running finishes first, as in plain CGI")
                .contains("late=yes");
        report(pool, "daemon-thread");
        Map<String, String> next = report(pool, "");

        assertThat(next).containsEntry("counter", "1").containsEntry("threads", "1");
    }

    @Test
    void osExitSysExitASegfaultAndADaemonAreHandledAsInPlainCgi() throws Exception {
        for (Accelerator mode : List.of(Accelerator.PYTHON, Accelerator.NONE)) {
            CgiPool pool = pool(mode);
            assertThat(get(pool, "ending.py", "os-exit").bodyText()).as(mode.name()).isEqualTo("ended by os-exit\n");
            assertThat(get(pool, "ending.py", "exit-3").bodyText()).as(mode.name()).isEqualTo("ended by exit-3\n");
            Throwable crash = catchThrowable(() -> get(pool, "ending.py", "segfault"));
            assertThat(crash).as(mode.name()).isInstanceOf(ProgramException.class);
            assertThat(((ProgramException) crash).failure()).isEqualTo(Failure.PROTOCOL_ERROR);

            assertThat(get(pool, "ending.py", "daemon").bodyText()).isEqualTo("ended by daemon\n");
            Path pidFile = dir.resolve("daemon.pid");
            CgiProcessLimitsTest.waitUntil(() -> Files.exists(pidFile));
            CgiProcessLimitsTest.assertGone(Long.parseLong(Files.readString(pidFile).trim()));
            Files.delete(pidFile);
            assertThat(get(pool, "isolation.py", "").status()).as("the pool still serves").isEqualTo(200);
        }
    }

    @Test
    void scriptsWithFlagsTheLauncherCannotHonourAreExecuted() throws ProgramException {
        assertThat(get(pool(Accelerator.PYTHON), "optimized.py", "").bodyText()).isEqualTo("optimize=1\n");
    }

    @Test
    void theLauncherHoldsThePoolsEnvironmentOnlyAndNeverRunsAsRoot() throws Exception {
        config.passAuthorization = true;
        CgiPool pool = pool(Accelerator.PYTHON);
        pool.execute(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/isolation.py")
                .header("Authorization", "Basic c2VjcmV0").build());
        ProcessHandle launcher = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("launcher.py")).findFirst().orElseThrow();

        String environ = Files.readString(Path.of("/proc/" + launcher.pid() + "/environ"), StandardCharsets.UTF_8);
        Set<String> names = List.of(environ.split("\0")).stream().map(v -> v.split("=", 2)[0]).collect(Collectors.toSet());
        assertThat(names).isSubsetOf("PATH", "PYTHONPATH", "PIDDIR", "LC_CTYPE");
        assertThat(environ).doesNotContain("c2VjcmV0").doesNotContain("HTTP_");
        if (ProcessHandle.current().info().user().filter("root"::equals).isPresent()) {
            assertThat(launcher.info().user()).hasValue("nobody");
        }
    }
}
