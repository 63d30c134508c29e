package org.procgate.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/** Makes sure the records table holds exactly the data the settings ask for. */
final class RecordsDataset {

    private static final Logger LOG = Logger.getLogger(RecordsDataset.class.getName());
    private static final int BATCH_SIZE = 1_000;
    private static final int ROWS_PER_TRANSACTION = 10_000;

    private RecordsDataset() {
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
        SecondaryIndexes indexes = SecondaryIndexes.of(connection);
        indexes.suspend(connection);
        insert(connection, records, new RecordGenerator(seed));
        long indexing = System.nanoTime();
        LOG.info(() -> "records: building " + indexes.size() + " indexes");
        indexes.restore(connection);
        LOG.info(() -> "records: indexes built in " + (System.nanoTime() - indexing) / 1_000_000 + " ms");
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
        long started = System.nanoTime();
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
                    long rate = done * 1_000_000_000L / Math.max(1, System.nanoTime() - started);
                    LOG.info(() -> "records: " + done + "/" + records + " (" + (done * 100 / records) + "%, "
                            + rate + " rows/s)");
                }
            }
        }
    }
}
