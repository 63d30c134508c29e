package org.procgate.systemtest.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payara Micro, started the way {@code ./procgate run} starts it: it cannot deploy an EAR, so the
 * RAR goes in first (postboot command file, with the pools of config/procgate-resources.xml) and
 * the WAR after it. Loopback only through the preboot file; no data grid.
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
        List<String> command = new ArrayList<>(List.of(Commands.java(), "-Xmx512m"));
        command.add("-Dprocgate.home=" + layout.home());
        command.addAll(procgateOptions);
        command.addAll(List.of("-jar", layout.payaraMicro().toString(),
                "--nohazelcast", "--port", Integer.toString(PORTS.http()), "--rootdir", work.resolve("micro").toString(),
                "--prebootcommandfile", commands.resolve("preboot.asadmin").toString(),
                "--postbootcommandfile", commands.resolve("postboot.asadmin").toString(),
                "--addlibs", layout.connectorApi().toString(),
                "--deploy", layout.war().toString()));
        process = Commands.start(command, log, Map.of());
        Readiness.await(baseUrl(), Duration.ofSeconds(180), process(), log);
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
