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

/**
 * Runs the embedded records database for as long as the application is deployed: started
 * when the application starts, so the programs can query it before the first request, and
 * stopped on undeploy.
 */
@ApplicationScoped
public class DatabaseLifecycle {

    private static final Logger LOG = Logger.getLogger(DatabaseLifecycle.class.getName());

    private EmbeddedDatabase database;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        database();
    }

    /** The running database, started on first use. */
    public synchronized EmbeddedDatabase database() {
        if (database == null) {
            Path defaultDir = Path.of(System.getProperty("java.io.tmpdir"), "procgate-db");
            database = EmbeddedDatabase.start(DatabaseSettings.fromSystemProperties(defaultDir));
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
        return database().dataSource();
    }

    @PreDestroy
    synchronized void stop() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
