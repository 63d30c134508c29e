package org.procgate.admin.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.procgate.database.control.DatabaseLifecycle;

/**
 * The operator's user name and password. The password is the system property
 * {@code procgate.admin.password} (or the environment variable {@code PROCGATE_ADMIN_PASSWORD})
 * when set; otherwise one is generated at the first start, printed to the log once, and kept
 * (0600) in the data directory for later starts. Nothing works out of the box without one of the two.
 */
@ApplicationScoped
public class AdminCredentials {

    private static final Logger LOG = Logger.getLogger(AdminCredentials.class.getName());
    static final String FILE_NAME = "admin.password";

    @Inject
    DatabaseLifecycle database;

    private volatile String password;

    /** At start, so a generated password is in the log before anyone needs it. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        password();
    }

    public String user() {
        return System.getProperty("procgate.admin.user", "admin");
    }

    public boolean matches(String user, char[] candidate) {
        byte[] expected = password().getBytes(StandardCharsets.UTF_8);
        byte[] given = new String(candidate).getBytes(StandardCharsets.UTF_8);
        // constant time: a timing difference must not reveal how much of a guess was right
        boolean passwordMatches = MessageDigest.isEqual(expected, given);
        return passwordMatches & user().equals(user);
    }

    private String password() {
        String current = password;
        if (current == null) {
            synchronized (this) {
                if (password == null) {
                    password = resolve();
                }
                current = password;
            }
        }
        return current;
    }

    private String resolve() {
        String configured = System.getProperty("procgate.admin.password", System.getenv("PROCGATE_ADMIN_PASSWORD"));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        database.start(); // the embedded database makes the data directory
        Path file = database.dataDir().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, generated, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            LOG.warning(() -> "procgate admin console: user '" + user() + "', generated password '" + generated
                    + "' (shown once; kept in " + file + "; set procgate.admin.password to choose your own)");
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin password file " + file, e);
        }
    }
}
