package org.procgate.connector.hosts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.procgate.connector.pool.TestPrograms;

/**
 * Worker hosts for tests: network namespaces {@code pgt-<pid>-h1}, {@code -h2}, ... each joined by a
 * veth pair to a bridge {@code pgt<pid>br} in the test's namespace, where procgate (the test JVM)
 * has the address {@code 10.213.N.1} and a second one, {@code .2}, that no worker lists. The
 * records database runs in a namespace of its own ({@code -db}), so the search responders reach
 * it across their links. Needs root, {@code ip} and {@code php-fpm8.2}; otherwise the tests are
 * skipped with the reason. Everything is removed on {@link #close()}, and leftovers of runs whose
 * JVM is gone are removed first.
 */
final class WorkerHosts implements AutoCloseable {

    static final String PREFIX = "pgt";
    private static final Pattern OWNED = Pattern.compile(PREFIX + "-?(\\d+)(-|br|h)");
    private static final long PID = ProcessHandle.current().pid();

    private final String subnet;
    private final String bridge = PREFIX + PID + "br";
    private final Path directory;
    private final List<WorkerHost> hosts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private Map<String, String> databaseEnvironment = Map.of();

    private WorkerHosts() throws IOException {
        this.subnet = "10.213." + (20 + PID % 200) + ".";
        this.directory = Files.createDirectories(Path.of("/tmp", PREFIX + "-" + PID));
        TestPrograms.shareWithPrograms(directory);
    }

    /** Skips the calling test, with the reason, where namespaces or PHP-FPM are not to be had. */
    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "worker-host tests make network namespaces: they run as root only");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "worker-host tests need ip (iproute2)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/php-fpm8.2")),
                "worker-host tests need PHP-FPM: apt-get install php8.2-fpm");
    }

    /** {@code count} worker hosts and the database, all running. */
    static WorkerHosts start(int count) throws IOException {
        removeLeftovers();
        WorkerHosts network = new WorkerHosts();
        try {
            network.build(count);
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private void build(int count) throws IOException {
        Shell.run("ip", "link", "add", bridge, "type", "bridge");
        Shell.run("ip", "addr", "add", procgateAddress() + "/24", "dev", bridge);
        Shell.run("ip", "addr", "add", strangerAddress() + "/24", "dev", bridge);
        Shell.run("ip", "link", "set", bridge, "up");
        String db = join("db", subnet + 5);
        startDatabase(db, subnet + 5);
        for (int i = 1; i <= count; i++) {
            String name = "h" + i;
            String namespace = join(name, subnet + (10 + i));
            Path home = Files.createDirectories(directory.resolve(name));
            TestPrograms.shareWithPrograms(home);
            WorkerHost host = new WorkerHost(this, name, namespace, PREFIX + PID + name, subnet + (10 + i), home);
            hosts.add(host);
            host.startServers();
        }
        Path www = Files.createDirectories(directory.resolve("www"));
        Files.writeString(www.resolve("host.php"), String.join("\n",
                "<?php",
                "$ms = (int) ($_GET['ms'] ?? 0);",
                "if ($ms > 0) { usleep($ms * 1000); }",
                "$kb = (int) ($_GET['kb'] ?? 0);",
                "echo getenv('WORKER_HOST'), \"\\n\";",
                "if ($kb > 0) { echo str_repeat('x', $kb * 1024); }", ""));
        Files.writeString(www.resolve("session.php"), String.join("\n",
                "<?php",
                "session_start();",
                "$_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;",
                "echo getenv('WORKER_HOST'), ' ', $_SESSION['n'], \"\\n\";", ""));
    }

    /** A namespace {@code pgt-<pid>-<name>} at {@code address}, joined to the bridge; returns its name. */
    private String join(String name, String address) {
        String namespace = PREFIX + "-" + PID + "-" + name;
        String link = PREFIX + PID + name;
        Shell.run("ip", "netns", "add", namespace);
        namespaces.add(namespace);
        Shell.run("ip", "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        Shell.run("ip", "link", "set", link, "master", bridge, "up");
        Shell.run("ip", "netns", "exec", namespace, "ip", "addr", "add", address + "/24", "dev", "eth0");
        Shell.run("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up");
        Shell.run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        return namespace;
    }

    /**
     * The records database (H2 behind its PostgreSQL-protocol server, as procgate runs it) in its
     * own namespace, on that namespace's loopback, with a relay on its link address.
     */
    private void startDatabase(String namespace, String address) throws IOException {
        Path data = directory.resolve("db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process database = inNamespace(namespace, List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-Dh2.bindAddress=127.0.0.1", "-Dprocgate.db.dir=" + data, "-Dprocgate.db.pgPort=5435",
                "-Dprocgate.db.tcpPort=9095", "-Dprocgate.db.records=2000", "-cp", System.getProperty("java.class.path"),
                "org.procgate.db.DatabaseServer"), Map.of(), directory.resolve("db.out"));
        String ready = awaitLine(directory.resolve("db.out"), "programs connect with", database, 60);
        Map<String, String> told = new LinkedHashMap<>();
        Matcher pairs = Pattern.compile("(PG[A-Z]+)=([^,}]+)").matcher(ready);
        while (pairs.find()) {
            told.put(pairs.group(1), pairs.group(2).strip());
        }
        if (!told.keySet().containsAll(List.of("PGDATABASE", "PGUSER", "PGPASSFILE"))) {
            throw new IllegalStateException("the database did not say how to connect: " + ready);
        }
        inNamespace(namespace, List.of(TestPrograms.PYTHON, TestPrograms.programs().resolve("pg_relay.py").toString(),
                address, "5432", "127.0.0.1", "5435"), Map.of(), directory.resolve("relay.out"));
        awaitAccepting(address, 5432);
        // the workers reach it at the relay's address; its passfile names any host
        Map<String, String> environment = new LinkedHashMap<>(told);
        environment.put("PGHOST", address);
        environment.put("PGPORT", "5432");
        databaseEnvironment = Map.copyOf(environment);
    }

    /** Starts a process inside a namespace, its output to a file; it is killed on close. */
    Process inNamespace(String namespace, List<String> command, Map<String, String> environment, Path output)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().put("PYTHONPATH", TestPrograms.responderLibrary());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    List<WorkerHost> hosts() {
        return hosts;
    }

    WorkerHost host(int index) {
        return hosts.get(index - 1);
    }

    /** The test's (procgate's) address on the bridge: the one every worker lists. */
    String procgateAddress() {
        return subnet + 1;
    }

    /** A second address of the test's namespace that no worker lists. */
    String strangerAddress() {
        return subnet + 2;
    }

    Map<String, String> databaseEnvironment() {
        return databaseEnvironment;
    }

    Path directory() {
        return directory;
    }

    static void awaitAccepting(String host, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(host + ":" + port + " did not accept within 20 s", notYet);
                }
                sleep(50);
            }
        }
    }

    private static String awaitLine(Path file, String marker, Process process, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(marker)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("ended before '" + marker + "': " + Files.readString(file));
            }
            sleep(100);
        }
        throw new IllegalStateException("no '" + marker + "' within " + seconds + " s in " + file);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills what it started, deletes the namespaces (their veths go with them), the bridge and the files. */
    @Override
    public void close() {
        for (String namespace : namespaces) {
            killAllIn(namespace);
        }
        synchronized (processes) {
            for (Process process : processes) {
                process.destroyForcibly();
            }
        }
        for (String namespace : namespaces) {
            Shell.quietly("ip", "netns", "del", namespace);
        }
        Shell.quietly("ip", "link", "del", bridge);
        deleteTree(directory);
    }

    private static void killAllIn(String namespace) {
        try {
            List<String> pids = Shell.lines("ip", "netns", "pids", namespace);
            if (!pids.isEmpty()) {
                List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
                kill.addAll(pids);
                Shell.quietly(kill.toArray(String[]::new));
            }
        } catch (IllegalStateException gone) {
            // no such namespace
        }
    }

    /** Namespaces, links and directories of earlier runs whose JVM is no longer alive. */
    static void removeLeftovers() {
        for (String line : Shell.lines("ip", "netns", "list")) {
            String namespace = line.split("\\s+")[0];
            if (ownedByDeadRun(namespace)) {
                killAllIn(namespace);
                Shell.quietly("ip", "netns", "del", namespace);
            }
        }
        for (String line : Shell.lines("ip", "-o", "link", "show")) {
            String[] words = line.split(":\\s+");
            if (words.length > 1) {
                String link = words[1].split("@")[0];
                if (ownedByDeadRun(link)) {
                    Shell.quietly("ip", "link", "del", link);
                }
            }
        }
        try (Stream<Path> files = Files.list(Path.of("/tmp"))) {
            files.filter(f -> ownedByDeadRun(f.getFileName().toString() + "-")).forEach(WorkerHosts::deleteTree);
        } catch (IOException e) {
            // nothing to clean
        }
    }

    private static boolean ownedByDeadRun(String name) {
        Matcher owned = OWNED.matcher(name);
        if (!owned.lookingAt()) {
            return false;
        }
        long pid = Long.parseLong(owned.group(1));
        return pid != PID && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: a later run removes what is left
        }
    }
}
