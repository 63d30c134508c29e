package org.procgate.db;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the records database lives, which loopback ports it serves, and which data it holds.
 *
 * @param dataDir directory of the database files, the password and the pgpass file
 * @param tcpPort port of the H2 TCP server (JDBC); 0 picks a free port
 * @param pgPort  port of the PostgreSQL-protocol server (programs); 0 picks a free port
 * @param records number of generated rows in {@code records}
 * @param seed    seed of the generator; the same seed and size always give the same rows
 */
public record DatabaseSettings(Path dataDir, int tcpPort, int pgPort, int records, long seed) {

    /*
     * Default ports away from well-known services: 5432-5435 are PostgreSQL's and its neighbours',
     * 9092 is Kafka's and H2's own default. 15435 and 15436 are unassigned (IANA) and below the
     * ephemeral range.
     */
    public static final int DEFAULT_TCP_PORT = 15436;
    public static final int DEFAULT_PG_PORT = 15435;
    public static final int DEFAULT_RECORDS = 100_000;
    public static final long DEFAULT_SEED = 42L;

    public static final String DIR_PROPERTY = "procgate.db.dir";
    public static final String TCP_PORT_PROPERTY = "procgate.db.tcpPort";
    public static final String PG_PORT_PROPERTY = "procgate.db.pgPort";
    public static final String RECORDS_PROPERTY = "procgate.db.records";
    public static final String SEED_PROPERTY = "procgate.db.seed";

    public DatabaseSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort(tcpPort, TCP_PORT_PROPERTY);
        requirePort(pgPort, PG_PORT_PROPERTY);
        if (records < 0) {
            throw new DatabaseException(RECORDS_PROPERTY + " is " + records
                    + ": the number of records cannot be negative; use 0 or more");
        }
    }

    /** The default ports, size and seed, in the given directory. */
    public static DatabaseSettings defaults(Path dataDir) {
        return new DatabaseSettings(dataDir, DEFAULT_TCP_PORT, DEFAULT_PG_PORT, DEFAULT_RECORDS, DEFAULT_SEED);
    }

    /**
     * Reads {@code procgate.db.dir}, {@code .tcpPort}, {@code .pgPort}, {@code .records} and
     * {@code .seed}; unset properties take their defaults.
     *
     * @throws DatabaseException naming the property whose value is unusable, and why
     */
    public static DatabaseSettings fromSystemProperties(Path defaultDataDir) {
        return fromProperties(System::getProperty, defaultDataDir);
    }

    static DatabaseSettings fromProperties(UnaryOperator<String> properties, Path defaultDataDir) {
        String dir = blankToNull(properties.apply(DIR_PROPERTY));
        Path dataDir;
        try {
            dataDir = dir == null ? Objects.requireNonNull(defaultDataDir, "defaultDataDir") : Path.of(dir);
        } catch (InvalidPathException e) {
            throw new DatabaseException(DIR_PROPERTY + "='" + dir + "' is not a usable path (" + e.getReason()
                    + "); set it to a directory the server may create and write", e);
        }
        return new DatabaseSettings(dataDir,
                port(properties, TCP_PORT_PROPERTY, DEFAULT_TCP_PORT),
                port(properties, PG_PORT_PROPERTY, DEFAULT_PG_PORT),
                (int) number(properties, RECORDS_PROPERTY, DEFAULT_RECORDS, 0, Integer.MAX_VALUE,
                        "a number of records from 0 to " + Integer.MAX_VALUE),
                number(properties, SEED_PROPERTY, DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number"));
    }

    public DatabaseSettings withPorts(int newTcpPort, int newPgPort) {
        return new DatabaseSettings(dataDir, newTcpPort, newPgPort, records, seed);
    }

    public DatabaseSettings withRecords(int newRecords) {
        return new DatabaseSettings(dataDir, tcpPort, pgPort, newRecords, seed);
    }

    public DatabaseSettings withSeed(long newSeed) {
        return new DatabaseSettings(dataDir, tcpPort, pgPort, records, newSeed);
    }

    private static int port(UnaryOperator<String> properties, String name, int defaultPort) {
        return (int) number(properties, name, defaultPort, 0, 65535, "a port from 1 to 65535, or 0 for any free port");
    }

    private static long number(UnaryOperator<String> properties, String name, long defaultValue,
                               long min, long max, String expected) {
        String value = blankToNull(properties.apply(name));
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DatabaseException(name + "='" + value + "' is not a number; use " + expected, e);
        }
        if (parsed < min || parsed > max) {
            throw new DatabaseException(name + "='" + value + "' is out of range; use " + expected);
        }
        return parsed;
    }

    private static void requirePort(int port, String property) {
        if (port < 0 || port > 65535) {
            throw new DatabaseException(property + " is " + port
                    + ": not a port; use a port from 1 to 65535, or 0 for any free port");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
