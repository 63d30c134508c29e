package org.procgate.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/**
 * The records database: an H2 file database in {@code <dataDir>/procgate}, served to Java over
 * H2's TCP protocol and to programs over the PostgreSQL protocol, both on 127.0.0.1 only.
 *
 * <p><b>Caveat:</b> H2 takes its bind address from a system property it reads once, when its
 * classes initialise (see {@link H2LoopbackBinding}). {@link #start} sets it before touching H2;
 * if H2 was already initialised in this class loader without it, {@code start} fails and asks for
 * {@code -Dh2.bindAddress=127.0.0.1} instead of listening on every interface.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "procgate";
    /**
     * The H2 PostgreSQL server always opens databases with these settings; every Java URL uses
     * them too, or both sides would disagree on identifier case, null ordering and so on.
     */
    static final String URL_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    static final int MAX_POOLED_CONNECTIONS = 32;
    static final int PG_CONNECT_TIMEOUT_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

    private final Path dataDir;
    private final String jdbcUrl;
    private final DatabaseCredentials credentials;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Set while starting; whatever is set is released by close(), also after a failed start.
    private Connection keepOpen;
    private JdbcConnectionPool pool;
    private Server tcpServer;
    private Server pgServer;

    private EmbeddedDatabase(Path dataDir, DatabaseCredentials credentials) {
        this.dataDir = dataDir;
        this.jdbcUrl = "jdbc:h2:" + dataDir.resolve(DATABASE_NAME) + URL_SETTINGS;
        this.credentials = credentials;
    }

    /**
     * Opens (creating if needed) and fills the database, then starts its TCP and PostgreSQL
     * servers on 127.0.0.1.
     *
     * @throws DatabaseException if the directory, the password, the database or a port is unusable
     */
    public static EmbeddedDatabase start(DatabaseSettings settings) {
        H2LoopbackBinding.enforce();
        Path dataDir = prepareDataDir(settings.dataDir());
        boolean exists = Files.exists(dataDir.resolve(DATABASE_NAME + ".mv.db"));
        EmbeddedDatabase database = new EmbeddedDatabase(dataDir, DatabaseCredentials.loadOrCreate(dataDir, exists));
        try {
            database.open(settings);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private void open(DatabaseSettings settings) {
        JdbcDataSource direct = new JdbcDataSource();
        direct.setURL(jdbcUrl);
        direct.setUser(credentials.user());
        direct.setPassword(credentials.password());
        try {
            // Held until close(): H2 closes a database with its last connection, and whoever reopened
            // it (a TCP client with a bare URL, say) would fix its settings for everyone.
            keepOpen = direct.getConnection(credentials.user(), credentials.password());
        } catch (SQLException e) {
            throw openFailure(e);
        }
        try {
            SchemaMigration.migrate(keepOpen, direct);
            RecordsDataset.ensure(keepOpen, settings.records(), settings.seed());
        } catch (SQLException e) {
            throw new DatabaseException("Cannot create or fill the records in " + dataDir + " (" + e.getMessage()
                    + "); delete " + dataDir + " to start afresh", e);
        }
        pool = JdbcConnectionPool.create(jdbcUrl, credentials.user(), credentials.password());
        pool.setMaxConnections(MAX_POOLED_CONNECTIONS);
        String baseDir = dataDir.toString();
        // Daemon threads: a forgotten close() must not keep the JVM alive.
        tcpServer = startServer("H2 TCP", settings.tcpPort(), DatabaseSettings.TCP_PORT_PROPERTY,
                () -> Server.createTcpServer("-tcpPort", Integer.toString(settings.tcpPort()),
                        "-baseDir", baseDir, "-ifExists", "-tcpDaemon"));
        pgServer = startServer("PostgreSQL", settings.pgPort(), DatabaseSettings.PG_PORT_PROPERTY,
                () -> new Server(new NoDelayPgServer(), "-pgPort", Integer.toString(settings.pgPort()),
                        "-baseDir", baseDir, "-ifExists", "-pgDaemon"));
        LOG.info(() -> "database: " + dataDir + " open; JDBC " + tcpJdbcUrl() + ", PostgreSQL "
                + H2LoopbackBinding.LOOPBACK + ":" + pgPort() + "/" + DATABASE_NAME);
    }

    private interface ServerFactory {
        Server create() throws SQLException;
    }

    private static Server startServer(String what, int port, String property, ServerFactory factory) {
        try {
            return factory.create().start();
        } catch (SQLException e) {
            if (e.getErrorCode() == ErrorCode.EXCEPTION_OPENING_PORT_2) {
                throw new DatabaseException("Cannot listen on " + H2LoopbackBinding.LOOPBACK + ":" + port + " for the "
                        + what + " server: the port is in use; set -D" + property
                        + " to a free port, or to 0 for any free port", e);
            }
            throw new DatabaseException("Cannot start the " + what + " server on port " + port + " ("
                    + e.getMessage() + "); check -D" + property, e);
        }
    }

    private static Path prepareDataDir(Path configured) {
        try {
            Path absolute = configured.toAbsolutePath().normalize();
            PrivateFiles.createDirectory(absolute);
            // The real path, so the embedded URL and the servers' base dir name the very same files.
            return absolute.toRealPath();
        } catch (IOException e) {
            throw new DatabaseException("Cannot create the data directory " + configured + " (" + e
                    + "); set -D" + DatabaseSettings.DIR_PROPERTY + " to a directory this user may write", e);
        }
    }

    private DatabaseException openFailure(SQLException e) {
        return switch (e.getErrorCode()) {
            case ErrorCode.WRONG_USER_OR_PASSWORD -> new DatabaseException("The password in "
                    + dataDir.resolve(DatabaseCredentials.PASSWORD_FILE) + " does not open the database in " + dataDir
                    + "; restore the right password file, or delete " + dataDir + " to create a new database", e);
            case ErrorCode.DATABASE_ALREADY_OPEN_1 -> new DatabaseException("The database in " + dataDir
                    + " is in use by another process; stop it, or set -D" + DatabaseSettings.DIR_PROPERTY
                    + " to another directory", e);
            default -> new DatabaseException("Cannot open the database in " + dataDir + " (" + e.getMessage()
                    + "); delete " + dataDir + " if it is damaged", e);
        };
    }

    /** URL of the database for this JVM (embedded access, no network). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** URL of the database through the TCP server, for JDBC clients in other JVMs on this host. */
    public String tcpJdbcUrl() {
        return "jdbc:h2:tcp://" + H2LoopbackBinding.LOOPBACK + ":" + tcpPort() + "/" + DATABASE_NAME + URL_SETTINGS;
    }

    public String user() {
        return credentials.user();
    }

    public String password() {
        return credentials.password();
    }

    /** The port the TCP server actually listens on. */
    public int tcpPort() {
        return tcpServer.getPort();
    }

    /** The port the PostgreSQL server actually listens on. */
    public int pgPort() {
        return pgServer.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The libpq password file ({@code PGPASSFILE}) holding this database's password. */
    public Path pgPassFile() {
        return credentials.pgPassFile();
    }

    public String databaseName() {
        return DATABASE_NAME;
    }

    /** Pooled connections to the embedded database, at most {@value #MAX_POOLED_CONNECTIONS}. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * The libpq variables that connect a program to this database, password by file only:
     * PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSFILE and PGCONNECT_TIMEOUT.
     */
    public Map<String, String> programEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PGHOST", H2LoopbackBinding.LOOPBACK);
        environment.put("PGPORT", Integer.toString(pgPort()));
        environment.put("PGDATABASE", DATABASE_NAME);
        environment.put("PGUSER", user());
        environment.put("PGPASSFILE", pgPassFile().toString());
        environment.put("PGCONNECT_TIMEOUT", Integer.toString(PG_CONNECT_TIMEOUT_SECONDS));
        return Collections.unmodifiableMap(environment);
    }

    /** Stops both servers and the pool and shuts the database down. Later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (pgServer != null) {
            pgServer.stop();
        }
        if (tcpServer != null) {
            tcpServer.stop();
        }
        if (pool != null) {
            pool.dispose();
        }
        if (keepOpen != null) {
            shutDown(keepOpen);
            LOG.info(() -> "database: " + dataDir + " closed");
        }
    }

    private void shutDown(Connection connection) {
        try (connection) {
            // At JVM exit H2's own shutdown hook may have closed the database first; nothing left to do.
            if (!connection.isClosed()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
            }
        } catch (SQLException e) {
            Level level = e.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN ? Level.FINE : Level.WARNING;
            LOG.log(level, "database: shutdown of " + dataDir + " failed; H2 recovers the files at the next start", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[" + dataDir + "]";
    }
}
