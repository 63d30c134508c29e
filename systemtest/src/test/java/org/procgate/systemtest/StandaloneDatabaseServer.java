package org.procgate.systemtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.procgate.db.DatabaseServer;
import org.procgate.systemtest.server.Commands;
import org.procgate.systemtest.server.Layout;
import org.procgate.systemtest.server.PortBlock;

/**
 * The records database as a server of its own ({@link DatabaseServer}, H2 with its TCP and
 * PostgreSQL-protocol servers on loopback), standing in for an external database: procgate is
 * then started with {@code procgate.db.mode=external} and must use this one, from Java and from
 * the programs alike.
 */
final class StandaloneDatabaseServer implements AutoCloseable {

    private static final PortBlock PORTS = new PortBlock(26000);

    private final Process process;
    private final Path dataDir;

    private StandaloneDatabaseServer(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
    }

    static StandaloneDatabaseServer start(Layout layout) throws IOException, InterruptedException {
        Path work = layout.workFor("external-db");
        Path dataDir = work.resolve("db");
        // this test JVM's own classpath holds the db module with every library it needs (H2, Flyway, ...)
        String classpath = System.getProperty("java.class.path");
        Process process = Commands.start(List.of(Commands.java(), "-Xmx256m", "-cp", classpath,
                "-Dprocgate.db.dir=" + dataDir, "-Dprocgate.db.pgPort=" + PORTS.pg(), "-Dprocgate.db.tcpPort=" + PORTS.h2Tcp(),
                "-Dprocgate.db.records=5000", DatabaseServer.class.getName()), work.resolve("server.log"), Map.of());
        StandaloneDatabaseServer server = new StandaloneDatabaseServer(process, dataDir);
        try {
            server.awaitListening(Duration.ofSeconds(60));
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    /** What switches procgate to this database: no embedded database, JDBC over TCP, the programs over the PostgreSQL protocol. */
    List<String> procgateOptions() {
        return List.of(
                "-Dprocgate.db.mode=external",
                "-Dprocgate.db.url=jdbc:h2:tcp://127.0.0.1:" + PORTS.h2Tcp() + "/procgate",
                "-Dprocgate.db.dir=" + dataDir,
                "-Dprocgate.db.pgHost=127.0.0.1",
                "-Dprocgate.db.pgPort=" + PORTS.pg());
    }

    private void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the database server exited with " + process.exitValue());
            }
            if (Files.exists(dataDir.resolve("pgpass")) && accepts(PORTS.h2Tcp()) && accepts(PORTS.pg())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the database server did not listen within " + timeout);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }


    @Override
    public void close() {
        Commands.destroyTree(process.toHandle());
    }
}
