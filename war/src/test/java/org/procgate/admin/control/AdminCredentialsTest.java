package org.procgate.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.database.control.DatabaseLifecycle;

/** The console's users: only salted hashes at rest, an older plain file migrated, a viewer beside the operator. */
class AdminCredentialsTest {

    @TempDir
    Path dataDir;

    @AfterEach
    void clearSettings() {
        for (String property : List.of("procgate.admin.password", "procgate.admin.passwordHash", "procgate.admin.viewer.user",
                "procgate.admin.viewer.password", "procgate.admin.viewer.passwordHash")) {
            System.clearProperty(property);
        }
    }

    private AdminCredentials credentials() {
        AdminCredentials credentials = new AdminCredentials();
        credentials.database = new DatabaseLifecycle() {
            @Override
            public void start() {
            }

            @Override
            public Path dataDir() {
                return dataDir;
            }
        };
        return credentials;
    }

    @Test
    void aGeneratedPasswordIsShownOnceAndOnlyItsHashIsKept() throws IOException {
        List<String> messages = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(AdminCredentials.class.getName());
        logger.addHandler(handler);
        try {
            AdminCredentials credentials = credentials();
            assertThat(credentials.authenticate("admin", "guess".toCharArray())).isEmpty();
            Matcher shown = Pattern.compile("generated password '([^']+)'").matcher(String.join("\n", messages));
            assertThat(shown.find()).as(messages.toString()).isTrue();
            String password = shown.group(1);

            Path file = dataDir.resolve(AdminCredentials.FILE_NAME);
            String kept = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(kept).startsWith("pbkdf2-sha256$").doesNotContain(password);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(credentials.authenticate("admin", password.toCharArray())).contains(AdminRole.OPERATOR);
            // the next start reads the hash and accepts the same password
            assertThat(credentials().authenticate("admin", password.toCharArray())).contains(AdminRole.OPERATOR);
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(kept);
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void aPlainPasswordFileOfAnOlderVersionBecomesAHash() throws IOException {
        Path file = dataDir.resolve(AdminCredentials.FILE_NAME);
        Files.writeString(file, "older-plain-secret\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThat(credentials().authenticate("admin", "older-plain-secret".toCharArray())).contains(AdminRole.OPERATOR);
        String kept = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(kept).startsWith("pbkdf2-sha256$").doesNotContain("older-plain-secret");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(credentials().authenticate("admin", "older-plain-secret".toCharArray())).contains(AdminRole.OPERATOR);
        try (var leftovers = Files.list(dataDir)) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void aGivenHashWritesNoFileAndAViewerOnlyViews() {
        System.setProperty("procgate.admin.passwordHash", PasswordHash.of("operator-secret".toCharArray()).encoded());
        System.setProperty("procgate.admin.viewer.user", "watcher");
        System.setProperty("procgate.admin.viewer.password", "viewer-secret");
        AdminCredentials credentials = credentials();

        assertThat(credentials.authenticate("admin", "operator-secret".toCharArray())).contains(AdminRole.OPERATOR);
        assertThat(credentials.authenticate("watcher", "viewer-secret".toCharArray())).contains(AdminRole.VIEWER);
        assertThat(credentials.authenticate("watcher", "operator-secret".toCharArray())).isEmpty();
        assertThat(credentials.authenticate("admin", "viewer-secret".toCharArray())).isEmpty();
        assertThat(credentials.authenticate("nobody", "viewer-secret".toCharArray())).isEmpty();
        assertThat(dataDir.resolve(AdminCredentials.FILE_NAME)).doesNotExist();
    }

    @Test
    void aViewerWithoutPasswordIsNoViewer() {
        System.setProperty("procgate.admin.password", "operator-secret");
        System.setProperty("procgate.admin.viewer.user", "watcher");
        AdminCredentials credentials = credentials();
        assertThat(credentials.authenticate("watcher", "".toCharArray())).isEqualTo(Optional.empty());
        assertThat(credentials.authenticate("admin", "operator-secret".toCharArray())).contains(AdminRole.OPERATOR);
    }

    @Test
    void aVerifiedCredentialIsCheckedFastAfterwards() {
        System.setProperty("procgate.admin.password", "operator-secret");
        AdminCredentials credentials = credentials();
        assertThat(credentials.authenticate("admin", "operator-secret".toCharArray())).contains(AdminRole.OPERATOR);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(credentials.authenticate("admin", "operator-secret".toCharArray())).contains(AdminRole.OPERATOR);
        }
        assertThat((System.nanoTime() - start) / 100 / 1000).as("microseconds per check once verified").isLessThan(1000);
    }
}
