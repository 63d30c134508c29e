package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.process.ProgramIdentity;

/**
 * With the server as root, scripts run as an unprivileged user: they cannot read the server's
 * secrets or its process's environment, and the process cap binds them. Each case also runs the
 * same script as the server's own user (how programs ran before), to show that what is refused
 * now would have succeeded then. Root only: an ordinary user cannot switch.
 */
class ScriptsRunAsTheirUserTest extends RealScriptTest {

    private static final long NOBODY = 65534;

    @TempDir
    Path dir;
    CgiPool pool;

    @BeforeEach
    void rootOnly() {
        assumeTrue(ProcessHandle.current().info().user().filter("root"::equals).isPresent(),
                "the server switches users only when it runs as root");
        root = TestPool.copyScripts(dir);
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void aPoolWithoutAUserRunsItsScriptsAsNobodyNeverAsRoot() throws ProgramException {
        String[] ids = body("whoami.sh", "").trim().split(" ");
        assertThat(ids[0]).as("real uid").isEqualTo(Long.toString(NOBODY));
        assertThat(ids[1]).as("effective uid").isEqualTo(Long.toString(NOBODY));
        assertThat(ids[2]).as("gid").isNotEqualTo("0");
        assertThat(ids[3].split(",")).as("supplementary groups").doesNotContain("0");

        config.identity = ProgramIdentity.SERVER;
        assertThat(body("whoami.sh", "").trim()).as("as the server's own user").startsWith("0 0 0");
    }

    @Test
    void theServersSecretsAndItsProcessAreOutOfReach() throws Exception {
        Path secrets = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx--x--x"));
        Path adminPassword = secret(secrets.resolve("admin.password"), "pbkdf2-sha256$600000$salt$hash");
        Path databasePassword = secret(secrets.resolve("db.password"), "database-secret");
        long server = ProcessHandle.current().pid();
        List<String> probes = List.of(adminPassword.toString(), databasePassword.toString(),
                "/proc/" + server + "/environ", "/proc/" + server + "/fd", "/proc/" + server + "/maps",
                "/proc/" + server + "/root/etc/shadow", "/etc/shadow", secrets.toString());
        config.environment = Map.of("PROBE", String.join(":", probes));

        assertThat(body("probe.sh", "").lines()).containsExactlyElementsOf(probes.stream().map(p -> "denied " + p).toList());

        config.identity = ProgramIdentity.SERVER;
        assertThat(body("probe.sh", "").lines()).as("as the server's own user, every one is read")
                .containsExactlyElementsOf(probes.stream().map(p -> "read " + p).toList());
    }

    @Test
    void theProcessCapBindsAScriptThatForksWithoutEnd() throws Exception {
        config.maxProcesses = 10;
        int started = body("spawn.sh", "200").lines().mapToInt(line -> 1).sum();
        assertThat(started).as("background processes the cap let start").isBetween(1, 9);

        // the cap as it was: RLIMIT_NPROC on a script run as root, which the kernel ignores
        ProcessBuilder asRoot = new ProcessBuilder("/usr/bin/prlimit", "--nproc=10", "--",
                root.resolve("spawn.sh").toString());
        asRoot.environment().put("QUERY_STRING", "200");
        Process process = asRoot.start();
        long lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count() - 2;
        process.waitFor(30, TimeUnit.SECONDS);
        ProcessHandle.allProcesses().filter(p -> p.parent().isEmpty() && p.info().commandLine().orElse("").equals("sleep 30"))
                .forEach(ProcessHandle::destroyForcibly);
        killSleepers();
        assertThat(lines).as("the kernel ignores RLIMIT_NPROC for root").isEqualTo(200);
    }

    @Test
    void aPoolWithAProcessCapHasACgroupOfItsOwnWhereTheServerMayMakeOne() throws ProgramException {
        config.maxProcesses = 10;
        String groups = body("cgroup.sh", "");
        assumeTrue(groups.contains("/procgate-"), "no pids cgroup the server may make here; RLIMIT_NPROC caps the user");
        assertThat(groups).contains("/procgate-" + ProcessHandle.current().pid() + "/test");
        pool.close();
        assertThat(Path.of("/sys/fs/cgroup/pids/procgate-" + ProcessHandle.current().pid() + "/test"))
                .as("removed with its pool").doesNotExist();
    }

    /** Ends the sleepers a script run outside any pool left behind. */
    private static void killSleepers() throws Exception {
        new ProcessBuilder("pkill", "-KILL", "-f", "^sleep 30$").start().waitFor(10, TimeUnit.SECONDS);
    }

    private static Path secret(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Runs the script in a fresh pool with the current configuration; the pool is closed after the test. */
    private String body(String script, String query) throws ProgramException {
        if (pool != null) {
            pool.close();
        }
        pool = config.open(root, executors);
        return pool.execute(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).queryString(query).build())
                .bodyText();
    }
}
