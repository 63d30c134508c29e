package org.procgate.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A records database that procgate does not run: selected with {@code procgate.db.mode=external},
 * reached at {@code procgate.db.url} as {@code procgate.db.user} (default {@code procgate}) with the
 * password in {@code <procgate.db.dir>/db.password}. The programs reach the same database through
 * the pools' PG* variables ({@code procgate.db.pgHost}, {@code procgate.db.pgPort} and the
 * {@code pgpass} file in {@code procgate.db.dir}).
 *
 * <p>The application carries the H2 driver only, so the URL names an H2 server over TCP, such as
 * {@link DatabaseServer} on another host: {@code jdbc:h2:tcp://host:15436/procgate}.
 */
public final class ExternalDatabase implements AutoCloseable {

    public static final String MODE_PROPERTY = "procgate.db.mode";
    public static final String URL_PROPERTY = "procgate.db.url";
    public static final String USER_PROPERTY = "procgate.db.user";

    private final String url;
    private final JdbcConnectionPool pool;

    private ExternalDatabase(String url, JdbcConnectionPool pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Whether the system properties select an external database instead of the embedded one. */
    public static boolean isSelected() {
        String mode = System.getProperty(MODE_PROPERTY, "embedded").strip().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "external" -> true;
            case "embedded", "" -> false;
            default -> throw new DatabaseException(MODE_PROPERTY + "='" + mode + "' is unknown; use embedded or external");
        };
    }

    /**
     * Connects to the database the system properties name and checks that it answers.
     *
     * @param credentialsDir the directory holding {@code db.password}
     */
    public static ExternalDatabase connect(Path credentialsDir) {
        String configured = System.getProperty(URL_PROPERTY, "").strip();
        if (!configured.startsWith("jdbc:h2:")) {
            throw new DatabaseException(URL_PROPERTY + "='" + configured + "': an external database must be an H2 server, "
                    + "e.g. jdbc:h2:tcp://127.0.0.1:15436/procgate (the application carries only the H2 driver)");
        }
        // the settings the PostgreSQL-protocol server uses, so Java and the programs see the same names
        String url = configured.contains(";MODE=") ? configured : configured + EmbeddedDatabase.URL_SETTINGS;
        String user = System.getProperty(USER_PROPERTY, DatabaseCredentials.USER).strip();
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, user, password(credentialsDir));
        pool.setMaxConnections(EmbeddedDatabase.MAX_POOLED_CONNECTIONS);
        try (Connection probe = pool.getConnection()) {
            probe.isValid(5);
        } catch (SQLException e) {
            pool.dispose();
            throw new DatabaseException("Cannot reach the external database at " + url + " as " + user + " ("
                    + e.getMessage() + "); check " + URL_PROPERTY + ", " + USER_PROPERTY + " and "
                    + credentialsDir.resolve(DatabaseCredentials.PASSWORD_FILE), e);
        }
        return new ExternalDatabase(url, pool);
    }

    private static String password(Path credentialsDir) {
        Path file = credentialsDir.resolve(DatabaseCredentials.PASSWORD_FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DatabaseException("Cannot read the external database's password from " + file + " (" + e
                    + "); copy the database server's " + DatabaseCredentials.PASSWORD_FILE + " and "
                    + DatabaseCredentials.PG_PASS_FILE + " into " + credentialsDir + " (" + DatabaseSettings.DIR_PROPERTY + ")", e);
        }
    }

    public String url() {
        return url;
    }

    /** Pooled connections to the external database. */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
