package org.procgate.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/** Creates the schema and makes sure the records table holds exactly the data the settings ask for. */
final class RecordsDataset {

    static final String SCHEMA_RESOURCE = "schema.sql";

    private static final Logger LOG = Logger.getLogger(RecordsDataset.class.getName());
    private static final int BATCH_SIZE = 1_000;
    private static final int ROWS_PER_TRANSACTION = 10_000;

    private RecordsDataset() {
    }

    static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : schemaStatements()) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Regenerates the records unless they were made with this seed and size and are all there.
     *
     * @return whether the records were (re)generated
     */
    static boolean ensure(Connection connection, int records, long seed) throws SQLException {
        if (isCurrent(connection, records, seed)) {
            LOG.info(() -> "records: " + records + " rows of seed " + seed + " already present");
            return false;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            regenerate(connection, records, seed);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return true;
    }

    private static boolean isCurrent(Connection connection, int records, long seed) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet dataset = statement.executeQuery("SELECT seed, records FROM dataset")) {
            if (!dataset.next() || dataset.getLong(1) != seed || dataset.getInt(2) != records) {
                return false;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM records")) {
            count.next();
            return count.getLong(1) == records;
        }
    }

    private static void regenerate(Connection connection, int records, long seed) throws SQLException {
        long started = System.nanoTime();
        LOG.info(() -> "records: generating " + records + " rows with seed " + seed);
        try (Statement statement = connection.createStatement()) {
            // The dataset row goes first and comes back last, so an interrupted load is redone next start.
            statement.executeUpdate("DELETE FROM dataset");
            statement.executeUpdate("TRUNCATE TABLE records");
        }
        connection.commit();
        insert(connection, records, new RecordGenerator(seed));
        try (PreparedStatement dataset = connection.prepareStatement("INSERT INTO dataset (seed, records) VALUES (?, ?)")) {
            dataset.setLong(1, seed);
            dataset.setInt(2, records);
            dataset.executeUpdate();
        }
        connection.commit();
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info(() -> "records: " + records + " rows generated in " + millis + " ms");
    }

    private static void insert(Connection connection, int records, RecordGenerator generator) throws SQLException {
        String sql = "INSERT INTO records (id, name, email, city, country, born) VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int loggedTenths = 0;
            for (long id = 1; id <= records; id++) {
                Person person = generator.person(id);
                insert.setLong(1, person.id());
                insert.setString(2, person.name());
                insert.setString(3, person.email());
                insert.setString(4, person.city());
                insert.setString(5, person.country());
                insert.setObject(6, person.born());
                insert.addBatch();
                if (id % BATCH_SIZE == 0 || id == records) {
                    insert.executeBatch();
                }
                if (id % ROWS_PER_TRANSACTION == 0) {
                    connection.commit();
                }
                int tenths = (int) (id * 10 / records);
                if (tenths > loggedTenths) {
                    loggedTenths = tenths;
                    long done = id;
                    LOG.info(() -> "records: " + done + "/" + records);
                }
            }
        }
    }

    static List<String> schemaStatements() {
        try (InputStream in = RecordsDataset.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new DatabaseException(SCHEMA_RESOURCE + " is missing from the classpath next to "
                        + RecordsDataset.class.getName() + "; rebuild the procgate-db jar");
            }
            String withoutComments = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--"))
                    .reduce("", (sql, line) -> sql + line + "\n");
            return Arrays.stream(withoutComments.split(";\\s*(?:\n|$)"))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new DatabaseException("Cannot read " + SCHEMA_RESOURCE + " (" + e + "); rebuild the procgate-db jar", e);
        }
    }
}
