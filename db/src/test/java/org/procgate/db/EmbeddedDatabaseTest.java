package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    private static final int RECORDS = 2_000;

    @TempDir
    Path dataDir;

    private DatabaseSettings settings() {
        return new DatabaseSettings(dataDir.resolve("db"), 0, 0, RECORDS, 42L);
    }

    @Test
    void createsSchemaAndSeedsTheRecords() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records")).isEqualTo(RECORDS);
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records WHERE born IS NULL")).isZero();
            assertThat(count(database.dataSource(), "SELECT seed * 1000000 + records FROM dataset"))
                    .isEqualTo(42L * 1_000_000 + RECORDS);
            Person expected = new RecordGenerator(42L).person(777);
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT name, email, city, country, born FROM records WHERE id = 777")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("name")).isEqualTo(expected.name());
                assertThat(row.getString("email")).isEqualTo(expected.email());
                assertThat(row.getString("city")).isEqualTo(expected.city());
                assertThat(row.getString("country")).isEqualTo(expected.country());
                assertThat(row.getObject("born", java.time.LocalDate.class)).isEqualTo(expected.born());
            }
        }
    }

    @Test
    void keepsSecretsPrivateAndGivesProgramsAPasswordFile() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            Path dir = database.dataDir();
            assertThat(database.password()).matches("[A-Za-z0-9_-]{24}");
            assertThat(database.user()).isEqualTo("procgate");
            assertThat(database.databaseName()).isEqualTo("procgate");
            assertThat(Files.readString(dir.resolve("db.password")).strip()).isEqualTo(database.password());
            assertThat(Files.readString(database.pgPassFile())).isEqualTo("*:*:*:procgate:" + database.password() + "\n");
            boolean root = "root".equals(Files.getOwner(Path.of("/proc/self")).getName());
            // as root, programs run as nobody: they may pass through the directory to their pgpass, and it is theirs
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo(root ? "rwx--x--x" : "rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db.password"))))
                    .isEqualTo("rw-------");
            assertThat(Files.getOwner(dir.resolve("db.password"))).isEqualTo(Files.getOwner(Path.of("/proc/self")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database.pgPassFile())))
                    .isEqualTo("rw-------");
            assertThat(Files.getOwner(database.pgPassFile()).getName()).isEqualTo(root ? "nobody" : System.getProperty("user.name"));
            assertThat(database.jdbcUrl()).isEqualTo("jdbc:h2:" + dir.resolve("procgate")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            assertThat(database.programEnvironment()).containsExactly(
                    java.util.Map.entry("PGHOST", "127.0.0.1"),
                    java.util.Map.entry("PGPORT", Integer.toString(database.pgPort())),
                    java.util.Map.entry("PGDATABASE", "procgate"),
                    java.util.Map.entry("PGUSER", "procgate"),
                    java.util.Map.entry("PGPASSFILE", database.pgPassFile().toAbsolutePath().toString()),
                    java.util.Map.entry("PGCONNECT_TIMEOUT", "5"));
            assertThat(database.programEnvironment().values()).doesNotContain(database.password());
        }
    }

    @Test
    void aRestartKeepsThePasswordAndTheData() throws SQLException {
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            password = database.password();
            update(database.dataSource(), "UPDATE records SET name = 'Kept Across Restarts' WHERE id = 1");
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            assertThat(database.password()).isEqualTo(password);
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records WHERE name = 'Kept Across Restarts'"))
                    .as("the records were not regenerated").isEqualTo(1);
        }
    }

    @Test
    void anotherSizeOrSeedRegeneratesTheRecords() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            update(database.dataSource(), "UPDATE records SET name = 'Replaced On Regeneration' WHERE id = 1");
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings().withRecords(1_500))) {
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records")).isEqualTo(1_500);
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records WHERE name = 'Replaced On Regeneration'"))
                    .isZero();
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings().withRecords(1_500).withSeed(7))) {
            String expected = new RecordGenerator(7).person(1).name();
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records WHERE id = 1 AND name = '"
                    + expected.replace("'", "''") + "'")).isEqualTo(1);
        }
    }

    @Test
    void theTcpServerServesTheSameRows() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            String url = "jdbc:h2:tcp://127.0.0.1:" + database.tcpPort()
                    + "/procgate;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            assertThat(database.tcpJdbcUrl()).isEqualTo(url);
            try (Connection connection = DriverManager.getConnection(url, database.user(), database.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM records")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(RECORDS);
                assertThat(rows.getLong(2)).isEqualTo(1);
                assertThat(rows.getLong(3)).isEqualTo(RECORDS);
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, database.user(), "wrong"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aTakenPortIsReportedWithThePropertyToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedDatabase.start(settings().withPorts(port, 0)))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("procgate.db.tcpPort");
            assertThatThrownBy(() -> EmbeddedDatabase.start(settings().withPorts(0, port)))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("procgate.db.pgPort");
        }
        // The failed starts released the database files.
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            assertThat(count(database.dataSource(), "SELECT COUNT(*) FROM records")).isEqualTo(RECORDS);
        }
    }

    @Test
    void closeStopsEverythingAndMayBeRepeated() {
        EmbeddedDatabase database = EmbeddedDatabase.start(settings());
        String url = database.tcpJdbcUrl();

        database.close();
        database.close();

        assertThatThrownBy(() -> DriverManager.getConnection(url, database.user(), database.password()).close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> database.dataSource().getConnection()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDatabaseWithoutItsPasswordFileIsRefused() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            Files.delete(database.dataDir().resolve("db.password"));
        }
        assertThatThrownBy(() -> EmbeddedDatabase.start(settings()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("db.password")
                .hasMessageContaining("restore it");
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void update(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }
}
