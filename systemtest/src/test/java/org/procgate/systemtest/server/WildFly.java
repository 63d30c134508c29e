package org.procgate.systemtest.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * WildFly (standalone-full) with a server base directory of the tests' own: its configuration is
 * copied there and the unchanged EAR dropped into its deployments directory; the pools are added
 * with jboss-cli once it runs. Public and
 * management interfaces on 127.0.0.1; every port moved by an offset into this server's block.
 */
final class WildFly implements ServerUnderTest {

    private static final PortBlock PORTS = new PortBlock(30000);
    /** The offset that moves the default HTTP port 8080 to this block's HTTP port. */
    private static final int PORT_OFFSET = PORTS.http() - 8080;
    /** WildFly's management port before the offset. */
    private static final int MANAGEMENT_PORT = 9990;
    /** The subsystem's resource adapter that holds the pools. */
    private static final String RESOURCE_ADAPTER = "procgate-pools";

    private final Path installRoot;
    private final Layout layout;
    private final String workName;
    private final List<String> procgateOptions;
    private Process process;
    private Path log;

    WildFly(Path installRoot, Layout layout, String workName, List<String> procgateOptions) {
        this.installRoot = installRoot;
        this.layout = layout;
        this.workName = workName;
        this.procgateOptions = procgateOptions;
    }

    @Override
    public String displayName() {
        return "WildFly " + System.getProperty("procgate.version.wildfly", "");
    }

    @Override
    public void start() throws Exception {
        Path work = layout.workFor(workName);
        log = work.resolve("server.log");
        Path base = work.resolve("standalone");
        GlassFishDomain.deleteRecursively(base);
        copyConfiguration(base);
        addUsers(base.resolve("configuration"));
        Files.copy(layout.ear(), base.resolve("deployments/procgate.ear"), StandardCopyOption.REPLACE_EXISTING);

        List<String> command = new ArrayList<>(List.of(installRoot.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-full.xml",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.bind.address.private=127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + PORT_OFFSET));
        command.add("-Dprocgate.home=" + layout.home());
        command.addAll(procgateOptions);
        process = Commands.start(command, log, Commands.javaHome());
        Readiness.await(baseUrl(), Duration.ofSeconds(180), Optional.of(process.toHandle()), log, () -> deploymentFailed(base));
        addPools(work);
    }

    /**
     * The pools, added to the running server as an operator adds them: jboss-cli commands that
     * give the RAR inside the EAR a resource adapter of the subsystem with a connection definition
     * per pool, then activate it.
     */
    private void addPools(Path work) throws IOException, InterruptedException {
        PoolDefinitions pools = layout.pools();
        jbossCli(work.resolve("procgate-pools.cli"), pools.jbossCli(RESOURCE_ADAPTER, "procgate.ear#procgate-connector.rar"));
        Readiness.awaitPools(baseUrl(), pools, Duration.ofSeconds(60), log);
    }

    /**
     * WildFly applies a connection definition's changed config-property only when the server
     * reloads: its write-attribute answers "operation-requires-reload" (even with the
     * allow-resource-service-restart header) and leaves the pool as it was; removing a
     * config-property or a connection definition requires a reload too; and :reload stops every
     * deployment meanwhile.
     */
    @Override
    public Optional<String> whyPoolChangesAreNotLive() {
        return Optional.of("WildFly applies a changed config-property of a connection definition only at :reload "
                + "(write-attribute answers \"operation-requires-reload\", also with allow-resource-service-restart), "
                + "which stops the application meanwhile; change a running pool through the admin API");
    }

    private void jbossCli(Path script, List<String> commands) throws IOException, InterruptedException {
        Files.write(script, commands);
        Commands.run(List.of(installRoot.resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=remote+http://127.0.0.1:" + (MANAGEMENT_PORT + PORT_OFFSET), "--file=" + script), log,
                Duration.ofMinutes(2), Commands.javaHome());
    }

    /**
     * The users pools that name roles are tested with, as an operator adds them: application users
     * of the ApplicationRealm (the default "other" security domain), whose groups are their roles.
     */
    private void addUsers(Path configuration) throws IOException, InterruptedException {
        for (RealmUser user : RealmUser.ALL) {
            Commands.run(List.of(installRoot.resolve("bin/add-user.sh").toString(), "-a", "-s", "-sc", configuration.toString(),
                    "-u", user.name(), "-p", user.password(), "-g", user.group()), log, Duration.ofMinutes(1), Commands.javaHome());
        }
    }

    /** The deployment scanner marks a failed deployment with a file next to the archive. */
    private static Optional<String> deploymentFailed(Path base) {
        Path marker = base.resolve("deployments/procgate.ear.failed");
        try {
            return Files.exists(marker) ? Optional.of("deployment failed: " + Files.readString(marker)) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("deployment failed: " + marker);
        }
    }

    private void copyConfiguration(Path base) throws IOException {
        Path source = installRoot.resolve("standalone/configuration");
        Path target = base.resolve("configuration");
        try (var files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Files.createDirectories(base.resolve("deployments"));
        allowLargeRequestBodies(target.resolve("standalone-full.xml"));
    }

    /**
     * Undertow cuts every request body at 10 MB by default ({@code max-post-size}), whatever the
     * pool allows: git's pushes and large uploads need more. The same as
     * {@code /subsystem=undertow/server=default-server/http-listener=default:write-attribute(name=max-post-size,value=4294967296)}.
     */
    private static void allowLargeRequestBodies(Path configuration) throws IOException {
        String xml = Files.readString(configuration);
        String listener = "<http-listener name=\"default\" ";
        if (!xml.contains(listener)) {
            throw new IllegalStateException(configuration + " has no default HTTP listener");
        }
        Files.writeString(configuration, xml.replace(listener, listener + "max-post-size=\"4294967296\" "));
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
        // standalone.sh runs the server JVM as its child (besides short-lived helpers)
        return Optional.ofNullable(process).map(Process::toHandle)
                .map(script -> script.descendants()
                        .filter(child -> child.info().command().map(command -> command.endsWith("/java")).orElse(false))
                        .findFirst().orElse(script));
    }

    @Override
    public void close() {
        if (process != null) {
            Commands.destroyTree(process.toHandle());
            process = null;
        }
    }
}
