package org.procgate.connector.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.procgate.connector.pool.TestPrograms;

/**
 * One worker host: a network namespace joined to the test's bridge by a veth pair, running
 * PHP-FPM on port 9000 (listening to procgate's address only) and the Python search responder on
 * port 9001. The test breaks it as a real host breaks: its link goes down, its servers are
 * killed, its link is rate-limited.
 */
final class WorkerHost {

    static final int FPM_PORT = 9000;
    static final int SEARCH_PORT = 9001;

    private final String name;
    private final String namespace;
    private final String hostSideLink;
    private final String address;
    private final Path directory;
    private final WorkerHosts network;
    private final List<Process> servers = new ArrayList<>();

    WorkerHost(WorkerHosts network, String name, String namespace, String hostSideLink, String address, Path directory) {
        this.network = network;
        this.name = name;
        this.namespace = namespace;
        this.hostSideLink = hostSideLink;
        this.address = address;
        this.directory = directory;
    }

    String name() {
        return name;
    }

    String address() {
        return address;
    }

    String namespace() {
        return namespace;
    }

    /** PHP-FPM's address, as a pool names it. */
    String fpm() {
        return address + ":" + FPM_PORT;
    }

    String search() {
        return address + ":" + SEARCH_PORT;
    }

    Path fpmLog() {
        return directory.resolve("fpm.log");
    }

    /** Starts PHP-FPM and the search responder and waits until both accept. */
    void startServers() throws IOException {
        Path sessions = Files.createDirectories(directory.resolve("sessions"));
        Path config = directory.resolve("fpm.conf");
        Files.writeString(config, String.join("\n",
                "[global]",
                "pid = " + directory.resolve("fpm.pid"),
                "error_log = " + fpmLog(),
                "daemonize = no",
                "[www]",
                "listen = " + fpm(),
                "listen.allowed_clients = " + network.procgateAddress(),
                "listen.backlog = 64",
                "pm = static",
                "pm.max_children = 6",
                "ping.path = /ping",
                "clear_env = yes",
                "env[WORKER_HOST] = " + name,
                "php_admin_value[session.save_path] = " + sessions,
                "catch_workers_output = yes", ""));
        servers.add(network.inNamespace(namespace, List.of("/usr/sbin/php-fpm8.2", "-R", "-F", "-y", config.toString()),
                Map.of(), directory.resolve("fpm.out")));
        List<String> search = List.of(TestPrograms.PYTHON, TestPrograms.home().resolve("samples/fcgi/search_app.py").toString(),
                "--bind", search());
        servers.add(network.inNamespace(namespace, search, network.databaseEnvironment(), directory.resolve("search.out")));
        WorkerHosts.awaitAccepting(address, FPM_PORT);
        WorkerHosts.awaitAccepting(address, SEARCH_PORT);
    }

    /** Kills every process in the host's namespace at once (SIGKILL), as a crash would. */
    void killServers() {
        List<String> pids = Shell.lines("ip", "netns", "pids", namespace);
        if (!pids.isEmpty()) {
            List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
            kill.addAll(pids);
            Shell.quietly(kill.toArray(String[]::new));
        }
        for (Process server : servers) {
            try {
                server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.clear();
    }

    /** Its link goes down on the bridge's side: nothing reaches it, nothing it sends arrives. */
    void linkDown() {
        Shell.run("ip", "link", "set", hostSideLink, "down");
    }

    void linkUp() {
        Shell.run("ip", "link", "set", hostSideLink, "up");
    }

    /** What it sends goes out at most {@code kbit} kilobits a second (tc tbf on its end of the link). */
    void rateLimit(int kbit) {
        Shell.run("ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate",
                kbit + "kbit", "burst", "4kb", "latency", "2s");
    }

    void removeRateLimit() {
        Shell.quietly("ip", "netns", "exec", namespace, "tc", "qdisc", "del", "dev", "eth0", "root");
    }

    /** CPU time (user + system) every process of the host has used, in nanoseconds. */
    long cpuNanos() {
        long ticks = 0;
        for (String pid : Shell.lines("ip", "netns", "pids", namespace)) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                // a process that ended meanwhile
            }
        }
        return ticks * 10_000_000L;
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
