package org.procgate.systemtest.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Payara Server or GlassFish: a domain of the tests' own (its own port base, under the work
 * directory, so the installation stays untouched), every listener moved to 127.0.0.1, the
 * procgate system properties as JVM options, then {@code asadmin deploy} of the unchanged EAR and
 * {@code asadmin add-resources} of the pools.
 */
final class GlassFishDomain implements ServerUnderTest {

    private static final String DOMAIN = "procgate-systemtest";
    /** The adapter inside the EAR deployed as "procgate", as GlassFish names it. */
    static final String EMBEDDED_ADAPTER = "procgate#procgate-connector";

    private final String displayName;
    /** GlassFish itself rather than Payara Server: it knows no ${name:default} in resource properties. */
    private final boolean glassFish7;
    private final Path installRoot;
    private final PortBlock ports;
    private final Layout layout;
    private final String workName;
    private final List<String> procgateOptions;
    private Path domains;
    private Path log;
    private boolean started;

    /** @param installRoot the directory holding {@code bin/asadmin} and {@code modules/} ({@code payara6/glassfish}, {@code glassfish7/glassfish}) */
    GlassFishDomain(String workName, String displayName, Path installRoot, PortBlock ports, Layout layout, List<String> procgateOptions) {
        this.glassFish7 = displayName.startsWith("GlassFish");
        this.workName = workName;
        this.displayName = displayName;
        this.installRoot = installRoot;
        this.ports = ports;
        this.layout = layout;
        this.procgateOptions = procgateOptions;
    }

    /** The domain's second listener (HTTPS, its own self-signed certificate): the console is on the first only. */
    @Override
    public Optional<URI> listenerWithoutConsole() {
        return Optional.of(URI.create("https://127.0.0.1:" + (ports.http() + 1) + "/procgate/"));
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public void start() throws Exception {
        Path work = layout.workFor(workName);
        log = work.resolve("server.log");
        domains = work.resolve("domains");
        deleteRecursively(domains);
        asadmin(Duration.ofMinutes(2), "create-domain", "--nopassword", "--portbase", Integer.toString(ports.base()),
                "--domaindir", domains.toString(), DOMAIN);
        confineToLoopback(work);
        started = true;
        asadmin(Duration.ofMinutes(3), "start-domain", "--domaindir", domains.toString(), DOMAIN);
        addUsers(work);
        asadmin(Duration.ofMinutes(5), "--port", Integer.toString(ports.admin()), "deploy", "--name", "procgate",
                layout.ear().toString());
        Readiness.await(baseUrl(), Duration.ofSeconds(120), process(), log);
        addPools(work);
    }

    /**
     * The users pools that name roles are tested with, as an operator adds them before deploying:
     * each group maps to the role of its name (the default principal-to-role mapping), and the
     * users go into the file realm, the server's default.
     */
    private void addUsers(Path work) throws IOException, InterruptedException {
        String admin = Integer.toString(ports.admin());
        asadmin(Duration.ofMinutes(1), "--port", admin, "set",
                "configs.config.server-config.security-service.activate-default-principal-to-role-mapping=true");
        for (RealmUser user : RealmUser.ALL) {
            asadmin(Duration.ofMinutes(1), "--port", admin, "--passwordfile", user.asadminPasswordFile(work).toString(),
                    "create-file-user", "--groups", user.group(), user.name());
        }
    }

    /**
     * The pools, added to the running server as an operator adds them: {@code asadmin add-resources}
     * with a resources file for the adapter embedded in the EAR ({@code procgate#procgate-connector}).
     */
    private void addPools(Path work) throws IOException, InterruptedException {
        PoolDefinitions pools = glassFish7 ? layout.pools().withoutDefaults() : layout.pools();
        Path resources = work.resolve("procgate-pools.xml");
        Files.writeString(resources, pools.glassFishResources(EMBEDDED_ADAPTER), StandardCharsets.UTF_8);
        asadmin(Duration.ofMinutes(2), "--port", Integer.toString(ports.admin()), "add-resources", resources.toString());
        Readiness.awaitPools(baseUrl(), pools, Duration.ofSeconds(60), log);
    }

    /**
     * GlassFish listens on every interface by default: every listener, IIOP and JMX included, goes
     * to 127.0.0.1. Two services procgate does not use would still listen on every interface, so
     * they are off: the embedded JMS broker (in every configuration) and, on Payara, the Hazelcast
     * data grid (in the server's own configuration, the first one).
     */
    private void confineToLoopback(Path work) throws IOException {
        Path domainXml = domains.resolve(DOMAIN).resolve("config/domain.xml");
        String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
        xml = xml.replaceAll("<network-listener (?![^>]*address=)", "<network-listener address=\"127.0.0.1\" ")
                .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replaceAll("<jms-service ([^>]*)type=\"EMBEDDED\"", "<jms-service $1type=\"DISABLED\"")
                .replaceFirst("<hazelcast-config-specific-configuration", "<hazelcast-config-specific-configuration enabled=\"false\"");
        xml = withJmsDisabled(xml);
        List<String> options = new ArrayList<>(List.of("-Dprocgate.home=" + layout.home()));
        options.addAll(procgateOptions);
        String jvmOptions = options.stream().map(option -> "<jvm-options>" + option + "</jvm-options>")
                .collect(Collectors.joining());
        // the first java-config is the server's own (server-config); default-config comes later
        xml = xml.replaceFirst("(<java-config [^>]*>)", "$1" + java.util.regex.Matcher.quoteReplacement(jvmOptions));
        Files.writeString(domainXml, xml, StandardCharsets.UTF_8);
    }

    /**
     * A new domain's server-config has no jms-service element; the server then adds an embedded
     * broker whose proxy listens on 0.0.0.0. An explicit, disabled one keeps it closed.
     */
    private static String withJmsDisabled(String xml) {
        String serverConfig = "<config name=\"server-config\">";
        int start = xml.indexOf(serverConfig);
        int end = xml.indexOf("</config>", start);
        if (start < 0 || end < 0 || xml.substring(start, end).contains("<jms-service")) {
            return xml;
        }
        int at = start + serverConfig.length();
        return xml.substring(0, at) + "<jms-service type=\"DISABLED\" default-jms-host=\"default_JMS_host\">"
                + "<jms-host name=\"default_JMS_host\" host=\"localhost\" port=\"${JMS_PROVIDER_PORT}\"/></jms-service>"
                + xml.substring(at);
    }

    @Override
    public Optional<String> whyPoolChangesAreNotLive() {
        return Optional.empty();
    }

    @Override
    public String poolTool() {
        return "asadmin set";
    }

    /** {@code asadmin set resources.connector-connection-pool.<pool>.property.<property>=<value>}. */
    @Override
    public void changePoolProperty(String connectorPool, String property, String value) throws IOException, InterruptedException {
        asadmin(Duration.ofMinutes(1), "--port", Integer.toString(ports.admin()), "set",
                "resources.connector-connection-pool." + connectorPool + ".property." + property + "=" + value);
    }

    /** Payara Server has MicroProfile; GlassFish has none. */
    @Override
    public boolean hasMicroProfile() {
        return !glassFish7;
    }

    /** The domain's {@code logs/server.log} and the files it rotated to ({@code server.log_<time>}). */
    @Override
    public List<Path> serverLogs() throws IOException {
        Path logs = domains == null ? null : domains.resolve(DOMAIN).resolve("logs");
        if (logs == null || !Files.isDirectory(logs)) {
            return List.of();
        }
        try (var files = Files.list(logs)) {
            return files.filter(file -> file.getFileName().toString().startsWith("server.log"))
                    .sorted(java.util.Comparator.comparing(file -> file.toFile().lastModified())).toList();
        }
    }

    @Override
    public Path workDirectory() throws IOException {
        return layout.workFor(workName);
    }

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + ports.http() + "/procgate/");
    }

    @Override
    public Optional<ProcessHandle> process() {
        if (domains == null) {
            return Optional.empty();
        }
        return Commands.processInPidFile(domains.resolve(DOMAIN).resolve("config/pid"));
    }

    @Override
    public void close() {
        if (!started) {
            return;
        }
        Commands.stop(process(), () -> asadmin(Duration.ofMinutes(1), "stop-domain", "--domaindir", domains.toString(), DOMAIN));
        started = false;
    }

    private void asadmin(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Commands.java(), "-jar", installRoot.resolve("modules/admin-cli.jar").toString()));
        command.addAll(List.of(arguments));
        Commands.run(command, log, timeout, Commands.javaHome());
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
