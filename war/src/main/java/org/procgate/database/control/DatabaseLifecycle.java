package org.procgate.database.control;

import java.nio.file.Path;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import org.procgate.db.DatabaseSettings;
import org.procgate.db.EmbeddedDatabase;
import org.procgate.db.ExternalDatabase;

/**
 * Runs the embedded records database for as long as the application is deployed: started
 * when the application starts, so the programs can query it before the first request, and
 * stopped on undeploy. With {@code procgate.db.mode=external} it starts none and connects to
 * the database server the {@code procgate.db.*} properties name instead.
 */
@ApplicationScoped
public class DatabaseLifecycle {

    private static final Logger LOG = Logger.getLogger(DatabaseLifecycle.class.getName());

    private EmbeddedDatabase database;
    private ExternalDatabase external;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        start();
    }

    /** Starts (embedded) or connects to (external) the selected database; idempotent. */
    public void start() {
        if (ExternalDatabase.isSelected()) {
            external();
        } else {
            database();
        }
    }

    /** The application's data directory (the database's, in either mode): where it keeps its own files. */
    public Path dataDir() {
        return DatabaseSettings.fromSystemProperties(defaultDir()).dataDir();
    }

    /** The external database, connected on first use. */
    synchronized ExternalDatabase external() {
        if (external == null) {
            external = ExternalDatabase.connect(DatabaseSettings.fromSystemProperties(defaultDir()).dataDir());
            LOG.info(() -> "records database: external, " + external.url());
        }
        return external;
    }

    private static Path defaultDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "procgate-db");
    }

    /** The running database, started on first use. */
    public synchronized EmbeddedDatabase database() {
        if (database == null) {
            database = EmbeddedDatabase.start(DatabaseSettings.fromSystemProperties(defaultDir()));
            publish(database);
            LOG.info(() -> "records database ready: PostgreSQL protocol on 127.0.0.1:" + database.pgPort()
                    + ", H2 TCP on 127.0.0.1:" + database.tcpPort());
        }
        return database;
    }

    /**
     * Pool definitions refer to the database as ${procgate.db.dir} and ${procgate.db.pgPort}
     * (for PGPASSFILE and PGPORT); with a free port chosen at start, only now are they known.
     */
    private static void publish(EmbeddedDatabase database) {
        System.setProperty("procgate.db.dir", database.pgPassFile().getParent().toString());
        System.setProperty("procgate.db.pgPort", Integer.toString(database.pgPort()));
    }

    public DataSource dataSource() {
        return ExternalDatabase.isSelected() ? external().dataSource() : database().dataSource();
    }

    @PreDestroy
    synchronized void stop() {
        if (external != null) {
            external.close();
            external = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
