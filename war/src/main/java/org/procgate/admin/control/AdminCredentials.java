package org.procgate.admin.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.procgate.database.control.DatabaseLifecycle;
import org.procgate.platform.control.ServerSetting;

/**
 * The console's users: the operator ({@code procgate.admin.user}, default {@code admin}) and,
 * when {@code procgate.admin.viewer.user} names one, a viewer who may only look. Of each password
 * procgate keeps only a salted PBKDF2 hash ({@link PasswordHash}), in memory and on disk.
 *
 * <p>The operator's password is, in this order: a hash given as {@code procgate.admin.passwordHash}
 * ({@code PROCGATE_ADMIN_PASSWORD_HASH}), a password given as {@code procgate.admin.password}
 * ({@code PROCGATE_ADMIN_PASSWORD}), or the hash in {@code admin.password} in the data directory.
 * Without any, a password is generated at the first start, printed to the log once, and only its
 * hash is written (0600). A file from an older version holding the plain password is replaced by
 * its hash when first read. The viewer's password is {@code procgate.admin.viewer.passwordHash} or
 * {@code procgate.admin.viewer.password} (or their environment variables); it is never generated.
 */
@ApplicationScoped
public class AdminCredentials {

    private static final Logger LOG = Logger.getLogger(AdminCredentials.class.getName());
    static final String FILE_NAME = "admin.password";

    @Inject
    DatabaseLifecycle database;

    private final VerifiedCredentials verified = new VerifiedCredentials();
    /** One slow check at a time: a flood of wrong guesses takes one core, not the server. */
    private final Semaphore slowChecks = new Semaphore(1, true);
    private volatile Map<String, Account> accounts;

    private record Account(AdminRole role, PasswordHash hash) {
    }

    /** At start, so a generated password is in the log before anyone needs it. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        accounts();
    }

    public String user() {
        return ServerSetting.ADMIN_USER.text();
    }

    /** The user's role if the password is theirs; empty for anyone else. */
    public Optional<AdminRole> authenticate(String user, char[] password) {
        AdminRole known = verified.roleOf(user, password);
        if (known != null) {
            return Optional.of(known);
        }
        Map<String, Account> all = accounts();
        Account account = all.get(user);
        // an unknown user costs the same check: the time taken tells nothing about which users exist
        PasswordHash hash = (account != null ? account : all.get(user())).hash();
        boolean matches;
        slowChecks.acquireUninterruptibly();
        try {
            matches = hash.matches(password);
        } finally {
            slowChecks.release();
        }
        if (account == null || !matches) {
            return Optional.empty();
        }
        verified.remember(user, password, account.role());
        return Optional.of(account.role());
    }

    private Map<String, Account> accounts() {
        Map<String, Account> current = accounts;
        if (current == null) {
            synchronized (this) {
                if (accounts == null) {
                    accounts = resolve();
                }
                current = accounts;
            }
        }
        return current;
    }

    private Map<String, Account> resolve() {
        Map<String, Account> all = new HashMap<>();
        all.put(user(), new Account(AdminRole.OPERATOR, operatorHash()));
        String viewer = ServerSetting.VIEWER_USER.value().orElse(null);
        if (viewer != null) {
            PasswordHash hash = configuredHash(ServerSetting.VIEWER_PASSWORD_HASH, ServerSetting.VIEWER_PASSWORD);
            if (viewer.equals(user())) {
                LOG.warning(() -> "procgate admin console: the viewer '" + viewer + "' is the operator's user name; no viewer");
            } else if (hash == null) {
                LOG.warning(() -> "procgate admin console: viewer '" + viewer
                        + "' has no password (procgate.admin.viewer.password or procgate.admin.viewer.passwordHash); no viewer");
            } else {
                all.put(viewer, new Account(AdminRole.VIEWER, hash));
            }
        }
        return Map.copyOf(all);
    }

    private PasswordHash operatorHash() {
        PasswordHash configured = configuredHash(ServerSetting.ADMIN_PASSWORD_HASH, ServerSetting.ADMIN_PASSWORD);
        if (configured != null) {
            return configured;
        }
        database.start(); // the embedded database makes the data directory
        Path file = database.dataDir().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (PasswordHash.isEncoded(kept)) {
                    return parse(kept, file.toString());
                }
                PasswordHash migrated = PasswordHash.of(kept.toCharArray());
                keep(file, migrated);
                LOG.info(() -> "procgate admin console: " + file + " held a plain password; it now holds only its hash");
                return migrated;
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PasswordHash hash = PasswordHash.of(generated.toCharArray());
            keep(file, hash);
            LOG.warning(() -> "procgate admin console: user '" + user() + "', generated password '" + generated
                    + "' (shown once; only its hash is kept, in " + file
                    + "; set procgate.admin.password or procgate.admin.passwordHash to choose your own)");
            return hash;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin password file " + file, e);
        }
    }

    /** The hash the first setting gives, or the hash of the password the second gives, or null. */
    private static PasswordHash configuredHash(ServerSetting hashSetting, ServerSetting passwordSetting) {
        String hash = hashSetting.value().orElse(null);
        if (hash != null) {
            return parse(hash, hashSetting.property());
        }
        return passwordSetting.value().map(password -> PasswordHash.of(password.toCharArray())).orElse(null);
    }

    private static PasswordHash parse(String encoded, String source) {
        try {
            return PasswordHash.parse(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + ": " + e.getMessage(), e);
        }
    }

    /** Written beside the file, 0600 from the start, then moved over it: never a moment with a partial or readable file. */
    private static void keep(Path file, PasswordHash hash) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, hash.encoded() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
