package org.procgate.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the newest version with Flyway; the migrations live in
 * {@code db/migration} on the classpath.
 */
final class SchemaMigration {

    static final String LOCATION = "classpath:db/migration";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    private SchemaMigration() {
    }

    /**
     * @param connection an open connection, used to look at the schema before Flyway runs
     * @param dataSource where Flyway takes its own connections from
     */
    static void migrate(Connection connection, DataSource dataSource) throws SQLException {
        dropUnversionedTables(connection);
        try {
            MigrateResult result = Flyway.configure(SchemaMigration.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .table(HISTORY_TABLE)
                    .load()
                    .migrate();
            LOG.info(() -> "schema: version " + (result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion) + ", " + result.migrationsExecuted + " migration(s) applied");
        } catch (FlywayException e) {
            throw new DatabaseException("Cannot migrate the records schema (" + e.getMessage()
                    + "); delete the database directory to start afresh: its data is generated", e);
        }
    }

    /**
     * Databases made before the schema was versioned have the tables but no history, which Flyway
     * refuses to touch. Their rows are generated, never entered, so dropping them loses nothing.
     */
    private static void dropUnversionedTables(Connection connection) throws SQLException {
        if (tableExists(connection, HISTORY_TABLE) || !tableExists(connection, "records")) {
            return;
        }
        LOG.info("schema: the records tables predate versioned migrations; dropping them to recreate them");
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS records");
            statement.execute("DROP TABLE IF EXISTS dataset");
            statement.execute("DROP TABLE IF EXISTS suspended_indexes");
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, table, new String[] {"TABLE", "BASE TABLE"})) {
            return tables.next();
        }
    }
}
