package org.procgate.systemtest.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Open Liberty with a user directory of the tests' own. Its server.xml is the one shipped in
 * config/open-liberty; the pools are added to the running server as a configuration drop-in.
 * bootstrap.properties fills in
 * this run's port and paths, jvm.options carries the procgate system properties (procgate
 * expands the database settings in the pool properties itself).
 */
final class OpenLiberty implements ServerUnderTest {

    private static final PortBlock PORTS = new PortBlock(31000);
    private static final String SERVER = "procgate";
    /** The adapter inside the EAR: application "procgate", module "procgate-connector". */
    private static final String EMBEDDED_ADAPTER = "procgate.procgate-connector";

    private final Path installRoot;
    private final Layout layout;
    private final String workName;
    private final List<String> procgateOptions;
    private Path userDir;
    private Path log;
    private boolean started;

    OpenLiberty(Path installRoot, Layout layout, String workName, List<String> procgateOptions) {
        this.installRoot = installRoot;
        this.layout = layout;
        this.workName = workName;
        this.procgateOptions = procgateOptions;
    }

    @Override
    public String displayName() {
        return "Open Liberty " + System.getProperty("procgate.version.openliberty", "");
    }

    @Override
    public void start() throws Exception {
        Path work = layout.workFor(workName);
        log = work.resolve("server.log");
        userDir = work.resolve("usr");
        GlassFishDomain.deleteRecursively(userDir);
        Path serverDir = userDir.resolve("servers").resolve(SERVER);
        Files.createDirectories(serverDir);
        Files.copy(layout.home().resolve("config/open-liberty/server.xml"), serverDir.resolve("server.xml"));
        Files.writeString(serverDir.resolve("bootstrap.properties"), String.join("\n",
                "procgate.http.port=" + PORTS.http(),
                "procgate.ear=" + layout.ear(),
                "procgate.home=" + layout.home()) + "\n");
        List<String> jvmOptions = new ArrayList<>(List.of("-Dprocgate.home=" + layout.home()));
        jvmOptions.addAll(procgateOptions);
        Files.write(serverDir.resolve("jvm.options"), jvmOptions);
        addUsers(serverDir);
        started = true;
        Commands.run(List.of(installRoot.resolve("bin/server").toString(), "start", SERVER), log, Duration.ofMinutes(3), environment());
        Readiness.await(baseUrl(), Duration.ofSeconds(180), process(), log, this::applicationFailed);
        addPools(serverDir);
    }

    /**
     * The users pools that name roles are tested with, as an operator adds them: a basic user
     * registry, and the application's roles bound to the groups of their names, in a configuration
     * drop-in that Liberty reads at start.
     */
    private static void addUsers(Path serverDir) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<server>\n"
                + "    <basicRegistry id=\"procgate-users\" realm=\"procgate\">\n");
        for (RealmUser user : RealmUser.ALL) {
            xml.append("        <user name=\"").append(user.name()).append("\" password=\"").append(user.password()).append("\"/>\n");
        }
        for (RealmUser user : RealmUser.ALL) {
            xml.append("        <group name=\"").append(user.group()).append("\"><member name=\"").append(user.name())
                    .append("\"/></group>\n");
        }
        xml.append("    </basicRegistry>\n    <enterpriseApplication id=\"procgate\">\n        <application-bnd>\n");
        for (String role : RealmUser.mappedRoles()) {
            xml.append("            <security-role name=\"").append(role).append("\"><group name=\"").append(role)
                    .append("\"/></security-role>\n");
        }
        xml.append("        </application-bnd>\n    </enterpriseApplication>\n</server>\n");
        Path dropins = serverDir.resolve("configDropins/overrides");
        Files.createDirectories(dropins);
        Files.writeString(dropins.resolve("procgate-users.xml"), xml.toString());
    }

    /**
     * The pools, added to the running server as an operator adds them: a configuration drop-in with
     * a connectionFactory per pool, which Liberty reads while it runs (CWWKG0017I once it has).
     */
    private void addPools(Path serverDir) throws IOException, InterruptedException {
        PoolDefinitions pools = layout.pools();
        Path messages = serverDir.resolve("logs/messages.log");
        long updatesBefore = configurationUpdates(messages);
        Path dropins = serverDir.resolve("configDropins/overrides");
        Files.createDirectories(dropins);
        Files.writeString(dropins.resolve("procgate-pools.xml"), pools.libertyConfig(EMBEDDED_ADAPTER));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (configurationUpdates(messages) == updatesBefore) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Liberty did not take the pools' configuration within 60 s; see " + messages);
            }
            Thread.sleep(200);
        }
        Readiness.awaitPools(baseUrl(), pools, Duration.ofSeconds(60), log);
    }

    /**
     * Liberty takes a changed connectionFactory of the adapter inside the EAR while it runs, by
     * restarting the whole application (CWWKZ0018I, then CWWKZ0003I "application procgate updated"):
     * requests are refused for the seconds that takes.
     */
    @Override
    public Optional<String> whyPoolChangesAreNotLive() {
        return Optional.of("Open Liberty applies a changed connectionFactory of the EAR's adapter by restarting the "
                + "application (CWWKZ0003I), which refuses requests meanwhile; change a running pool through the admin API");
    }

    /** CWWKG0017I: "The server configuration was successfully updated". */
    private static long configurationUpdates(Path messages) throws IOException {
        if (!Files.exists(messages)) {
            return 0;
        }
        try (var lines = Files.lines(messages)) {
            return lines.filter(line -> line.contains("CWWKG0017I")).count();
        }
    }

    /** CWWKZ0002E: Liberty could not start the application; it would then answer 404 for good. */
    private Optional<String> applicationFailed() {
        Path messages = userDir.resolve("servers").resolve(SERVER).resolve("logs/messages.log");
        try {
            return Files.exists(messages) ? Files.readAllLines(messages).stream().filter(line -> line.contains("CWWKZ0002E")).findFirst()
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> environment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "WLP_USER_DIR", userDir.toString(),
                "WLP_OUTPUT_DIR", userDir.resolve("servers").toString());
    }

    @Override
    public Path workDirectory() throws IOException {
        return layout.workFor(workName);
    }

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + PORTS.http() + "/procgate/");
    }

    @Override
    public Optional<ProcessHandle> process() {
        if (userDir == null) {
            return Optional.empty();
        }
        return Commands.processInPidFile(userDir.resolve("servers/.pid/" + SERVER + ".pid"));
    }

    @Override
    public void close() {
        if (!started) {
            return;
        }
        Commands.stop(process(), () -> Commands.run(List.of(installRoot.resolve("bin/server").toString(), "stop", SERVER), log, Duration.ofMinutes(1), environment()));
        started = false;
    }
}
