package org.procgate.systemtest.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payara Micro, started the way {@code ./procgate run} starts it: it cannot deploy an EAR, so the
 * RAR goes in first (postboot command file, with the pools of config/procgate-resources.xml and
 * the test pools) and the WAR after it. Loopback only through the preboot file; no data grid.
 */
final class PayaraMicro implements ServerUnderTest {

    private static final PortBlock PORTS = new PortBlock(27000);

    private final Layout layout;
    private final String workName;
    private final List<String> procgateOptions;
    private Process process;
    private Path log;

    PayaraMicro(Layout layout, String workName, List<String> procgateOptions) {
        this.layout = layout;
        this.workName = workName;
        this.procgateOptions = procgateOptions;
    }

    @Override
    public String displayName() {
        return "Payara Micro " + System.getProperty("procgate.version.payara", "");
    }

    @Override
    public void start() throws Exception {
        Path work = layout.workFor(workName);
        log = work.resolve("server.log");
        // a fresh runtime directory: Micro would otherwise redeploy what an earlier run left there
        GlassFishDomain.deleteRecursively(work.resolve("micro"));
        Path commands = layout.config().resolve("payara-micro");
        Path postboot = postbootWithEveryPoolFile(commands.resolve("postboot.asadmin"), work);
        List<String> command = new ArrayList<>(List.of(Commands.java(), "-Xmx512m"));
        command.add("-Dprocgate.home=" + layout.home());
        command.addAll(procgateOptions);
        command.addAll(List.of("-jar", layout.payaraMicro().toString(),
                "--nohazelcast", "--port", Integer.toString(PORTS.http()), "--rootdir", work.resolve("micro").toString(),
                "--prebootcommandfile", commands.resolve("preboot.asadmin").toString(),
                "--postbootcommandfile", postboot.toString(),
                "--addlibs", layout.connectorApi().toString(),
                "--deploy", layout.war().toString()));
        process = Commands.start(command, log, Map.of());
        Readiness.await(baseUrl(), Duration.ofSeconds(180), process(), log);
    }

    /**
     * The run command's postboot file (the connector, then {@code add-resources} of the demo pools),
     * with an {@code add-resources} line for each further pool file of this run (the test pools).
     */
    private Path postbootWithEveryPoolFile(Path runCommands, Path work) throws java.io.IOException {
        List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(runCommands));
        String demoPools = "add-resources " + layout.poolFiles().get(0);
        if (!lines.contains(demoPools)) {
            throw new IllegalStateException(runCommands + " does not add the demo pools with '" + demoPools + "'");
        }
        layout.poolFiles().stream().skip(1).forEach(file -> lines.add("add-resources " + file));
        lines.addAll(usersAndRoles(work));
        Path postboot = work.resolve("postboot.asadmin");
        java.nio.file.Files.write(postboot, lines);
        return postboot;
    }

    /**
     * The users pools that name roles are tested with, in the file realm, each group mapped to the
     * role of its name: the commands of Payara Server, in the postboot file.
     */
    private static List<String> usersAndRoles(Path work) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        lines.add("set configs.config.server-config.security-service.activate-default-principal-to-role-mapping=true");
        for (RealmUser user : RealmUser.ALL) {
            lines.add("create-file-user --passwordfile=" + user.asadminPasswordFile(work) + " --groups=" + user.group()
                    + " " + user.name());
        }
        return lines;
    }

    @Override
    public boolean hasMicroProfile() {
        return true;
    }

    @Override
    public boolean poolsDefinedBeforeTheApplication() {
        return true;
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
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    @Override
    public void close() {
        if (process != null) {
            Commands.destroyTree(process.toHandle());
            process = null;
        }
    }
}
