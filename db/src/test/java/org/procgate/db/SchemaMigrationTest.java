package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationTest {

    @TempDir
    Path dataDir;

    private DatabaseSettings settings() {
        return new DatabaseSettings(dataDir.resolve("db"), 0, 0, 300, 42L);
    }

    @Test
    void flywayRecordsTheAppliedVersionAndTheIndexesExist() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings());
             Connection connection = database.dataSource().getConnection()) {
            assertThat(strings(connection, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                    .contains("1");
            assertThat(strings(connection, "SELECT index_name FROM information_schema.indexes WHERE table_name = 'records'"))
                    .contains("records_name_key", "records_email_key", "records_city_key", "records_country_name_key",
                            "records_born");
        }
    }

    @Test
    void theKeysAreTheLowerCaseOfTheirFields() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings());
             Connection connection = database.dataSource().getConnection()) {
            assertThat(strings(connection, "SELECT COUNT(*) FROM records WHERE name_key <> LOWER(name)"
                    + " OR email_key <> LOWER(email) OR city_key <> LOWER(city)")).containsExactly("0");
        }
    }

    @Test
    void aDatabaseFromBeforeVersionedMigrationsIsRecreated() throws SQLException {
        String url;
        String user;
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings())) {
            url = database.jdbcUrl();
            user = database.user();
            password = database.password();
        }
        // the unversioned schema of earlier builds
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE flyway_schema_history");
            statement.execute("DROP TABLE records");
            statement.execute("CREATE TABLE records (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL)");
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(settings());
             Connection connection = database.dataSource().getConnection()) {
            assertThat(strings(connection, "SELECT COUNT(*) FROM records WHERE name_key IS NOT NULL")).containsExactly("300");
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
