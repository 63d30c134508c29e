package org.procgate.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The database user and its password. The password is made once, when the database is created,
 * and kept in {@code db.password}; programs read it from {@code pgpass} through libpq's
 * {@code PGPASSFILE}, so it never appears in a process environment. When the server runs as root,
 * {@code pgpass} belongs to the programs' user (libpq reads no file others may read), and
 * {@code db.password} stays the server's.
 */
record DatabaseCredentials(String user, String password, Path pgPassFile) {

    static final String USER = "procgate";
    static final String PASSWORD_FILE = "db.password";
    static final String PG_PASS_FILE = "pgpass";

    private static final char[] URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final int PASSWORD_LENGTH = 24;

    @Override
    public String toString() {
        return "DatabaseCredentials[user=" + user + ", pgPassFile=" + pgPassFile + "]";
    }

    /**
     * Reads the stored password, or makes and stores one if the database is new, then (re)writes
     * the pgpass file.
     *
     * @param databaseExists whether the database files are already there; a database without its
     *                       password file cannot be opened, and a fresh password would not help
     */
    static DatabaseCredentials loadOrCreate(Path dataDir, boolean databaseExists) {
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        Path pgPassFile = dataDir.resolve(PG_PASS_FILE);
        try {
            String password;
            if (Files.exists(passwordFile)) {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
                if (password.isEmpty()) {
                    throw new DatabaseException(passwordFile + " is empty; restore the password, or delete "
                            + dataDir + " to create a new database");
                }
            } else if (databaseExists) {
                throw new DatabaseException("The database in " + dataDir + " exists but its password file "
                        + passwordFile + " is missing; restore it, or delete " + dataDir + " to create a new database");
            } else {
                password = generatePassword();
                PrivateFiles.write(passwordFile, password + "\n");
            }
            PrivateFiles.write(pgPassFile, pgPassLine(USER, password) + "\n");
            PrivateFiles.handToPrograms(pgPassFile);
            return new DatabaseCredentials(USER, password, pgPassFile.toAbsolutePath());
        } catch (IOException e) {
            throw new DatabaseException("Cannot read or write the credentials in " + dataDir + " (" + e
                    + "); check that the directory is writable by this user", e);
        }
    }

    /** One libpq password-file line that matches any host, port and database for the user. */
    static String pgPassLine(String user, String password) {
        return "*:*:*:" + escapePgPass(user) + ":" + escapePgPass(password);
    }

    /** libpq reads a backslash as "take the next character literally" in every field. */
    static String escapePgPass(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = URL_SAFE[random.nextInt(URL_SAFE.length)];
        }
        return new String(password);
    }
}
