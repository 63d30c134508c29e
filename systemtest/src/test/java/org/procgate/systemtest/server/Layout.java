package org.procgate.systemtest.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the build put the archives, the unpacked servers and their configuration: set by the failsafe executions. */
public record Layout(Path home, Path servers, Path deploy, Path config, Path work) {

    public static Layout fromSystemProperties() {
        return new Layout(path("procgate.home"), path("procgate.servers.dir"), path("procgate.deploy.dir"),
                path("procgate.server.config"), path("procgate.work.dir"));
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run the system tests through Maven");
        }
        return Path.of(value);
    }

    public Path ear() {
        return existing(deploy.resolve("procgate.ear"));
    }

    public Path war() {
        return existing(deploy.resolve("procgate.war"));
    }

    public Path rar() {
        return existing(deploy.resolve("procgate-connector.rar"));
    }

    public Path connectorApi() {
        return existing(deploy.resolve("procgate-connector-api.jar"));
    }

    public Path payaraMicro() {
        return existing(deploy.resolve("payara-micro.jar"));
    }

    /**
     * The pools every server under test is given, as an operator adds them to a running server: the
     * demo pools, then the pools only the tests use (misbehaving scripts, tight limits, git).
     */
    public List<Path> poolFiles() {
        return List.of(existing(home.resolve("config/procgate-resources.xml")),
                existing(home.resolve("systemtest/src/test/resources/test-pools.xml")));
    }

    public PoolDefinitions pools() throws java.io.IOException {
        return PoolDefinitions.read(poolFiles());
    }

    /** A fresh working directory for one server: its logs, database and generated files. */
    public Path workFor(String server) throws java.io.IOException {
        Path dir = work.resolve(server);
        Files.createDirectories(dir);
        return dir;
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing; build it with mvn verify from the project root");
        }
        return path;
    }
}
