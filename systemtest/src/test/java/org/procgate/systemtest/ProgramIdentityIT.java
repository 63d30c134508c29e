package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.ServerUnderTest;

/**
 * On a server run as root, the programs it runs are not root and cannot read its secrets: the
 * database password, the data directory's listing, the server process's environment.
 */
@SystemTest
class ProgramIdentityIT {

    @Test
    void scriptsRunAsNobodyAndTheServersSecretsAreOutOfTheirReach(ServerUnderTest server, Procgate procgate) throws Exception {
        ProcessHandle jvm = server.process().orElseThrow(() -> new AssertionError("no server process"));
        assumeTrue(jvm.info().user().filter("root"::equals).isPresent(), "programs switch users only under a root server");

        assertThat(procgate.get("cgi/test-scripts/whoami.sh").body().trim()).startsWith("65534 65534 ");

        Path dataDir = Path.of(property(jvm.pid(), "procgate.db.dir"));
        List<String> secrets = List.of(dataDir.resolve("db.password").toString(), dataDir.toString(),
                "/proc/" + jvm.pid() + "/environ");
        assertThat(secrets).allSatisfy(secret -> assertThat(Path.of(secret)).exists());
        assertThat(procgate.get("cgi/test-scripts/probe.sh?" + String.join(":", secrets)).body().lines())
                .containsExactlyElementsOf(secrets.stream().map(secret -> "denied " + secret).toList());
    }

    /** A -D system property from the server's command line, which root may read. */
    private static String property(long pid, String name) throws Exception {
        String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8);
        return Arrays.stream(commandLine.split("\0")).filter(arg -> arg.startsWith("-D" + name + "="))
                .map(arg -> arg.substring(name.length() + 3)).findFirst()
                .orElseThrow(() -> new AssertionError("the server's command line sets no " + name));
    }
}
