package org.procgate.db;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * Runs the records database on its own until Ctrl-C: for benchmarks and for trying programs by
 * hand. Settings come from the {@code procgate.db.*} system properties; the data directory
 * defaults to {@code ./target/db}.
 */
public final class DatabaseServer {

    private static final Logger LOG = Logger.getLogger(DatabaseServer.class.getName());

    private DatabaseServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(DatabaseSettings.fromSystemProperties(Path.of("target", "db")));
        } catch (DatabaseException e) {
            System.err.println("procgate db: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            database.close();
            // java.util.logging may already be shut down by its own hook, so say it plainly.
            System.err.println("procgate db: stopped");
        }, "procgate-db-shutdown"));
        LOG.info(() -> "database: ready; programs connect with " + database.programEnvironment() + "; Ctrl-C stops");
        // The servers run on daemon threads; this thread keeps the JVM up until Ctrl-C.
        new CountDownLatch(1).await();
    }
}
