package org.procgate.connector.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.OffloadedFile;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.process.ProgramIdentity;

/**
 * Files a program names for the server to send stay under the pool's sendfileRoot, by the rules
 * CGI scripts are confined by: every way out is refused, and so is what the programs' own user
 * could not read (the tests run as root, and programs as nobody).
 */
class OffloadRootTest {

    @TempDir
    static Path dir;
    static Path root;
    static Path outside;
    static OffloadRoot offload;

    @BeforeAll
    static void files() throws Exception {
        TestPrograms.shareWithPrograms(dir);
        root = Files.createDirectories(dir.resolve("files"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.writeString(root.resolve("a.txt"), "a file");
        Files.writeString(Files.createDirectories(root.resolve("sub")).resolve("b.txt"), "b file");
        Files.writeString(root.resolve("with space.txt"), "spaced");
        Files.writeString(root.resolve(".secret"), "hidden");
        Files.writeString(root.resolve("a.txt.bak"), "backup");
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dirlink"), outside);
        Files.createSymbolicLink(root.resolve("link-dot"), root.resolve(".secret"));
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("a.txt"));
        Path mine = Files.writeString(root.resolve("private.txt"), "private");
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString(isRoot() ? "rw-------" : "---------"));
        Path closed = Files.createDirectories(root.resolve("closed"));
        Files.writeString(closed.resolve("c.txt"), "in a closed directory");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString(isRoot() ? "rwx------" : "---------"));
        offload = new OffloadRoot(root, ProgramIdentity.of("", ""));
    }

    @ParameterizedTest
    @CsvSource({
            "X-Accel-Redirect, /a.txt, a file",
            "X-Accel-Redirect, /sub/b.txt?x=1, b file",
            "X-Accel-Redirect, /with%20space.txt, spaced",
            "X-Accel-Redirect, //sub//b.txt, b file",
            "X-Sendfile, a.txt, a file",
            "X-Sendfile, sub/b.txt, b file",
            "X-Accel-Redirect, /link-in, a file",
    })
    void aFileUnderTheRootIsOpened(String header, String value, String content) throws Exception {
        OffloadedFile file = offload.open(request(header, value), "");
        try (var channel = file.channel()) {
            ByteBuffer bytes = ByteBuffer.allocate((int) file.length());
            channel.read(bytes, 0);
            assertThat(new String(bytes.array(), StandardCharsets.UTF_8)).isEqualTo(content);
        }
    }

    @Test
    void anAbsoluteXSendfilePathUnderTheRootIsOpened() throws Exception {
        try (var channel = offload.open(request("X-Sendfile", root.resolve("sub/b.txt").toString()), "").channel()) {
            assertThat(channel.size()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @CsvSource({
            // climbing out, plain and encoded once; decoded once only
            "X-Accel-Redirect, /../outside/secret.txt, BAD_REQUEST",
            "X-Accel-Redirect, /%2e%2e/outside/secret.txt, BAD_REQUEST",
            "X-Accel-Redirect, /sub/%2E%2E/%2E%2E/outside/secret.txt, BAD_REQUEST",
            "X-Accel-Redirect, /%252e%252e/outside/secret.txt, NOT_FOUND",
            "X-Accel-Redirect, /sub%2F..%2F..%2Foutside%2Fsecret.txt, BAD_REQUEST",
            "X-Accel-Redirect, /sub%5C..%5Ca.txt, BAD_REQUEST",
            "X-Accel-Redirect, /a.txt%00.png, BAD_REQUEST",
            "X-Accel-Redirect, /./a.txt, BAD_REQUEST",
            "X-Sendfile, ../outside/secret.txt, BAD_REQUEST",
            // absolute paths elsewhere
            "X-Sendfile, /etc/passwd, NOT_FOUND",
            // symlinks that leave the root, or lead to a hidden file
            "X-Accel-Redirect, /link-out, NOT_FOUND",
            "X-Accel-Redirect, /dirlink/secret.txt, NOT_FOUND",
            "X-Accel-Redirect, /link-dot, NOT_FOUND",
            // dot-files and backups
            "X-Accel-Redirect, /.secret, NOT_FOUND",
            "X-Accel-Redirect, /a.txt.bak, NOT_FOUND",
            // no such file, a directory, the root itself
            "X-Accel-Redirect, /missing.txt, NOT_FOUND",
            "X-Accel-Redirect, /sub, NOT_FOUND",
            "X-Accel-Redirect, /, NOT_FOUND",
            "X-Accel-Redirect, /a.txt/more, NOT_FOUND",
            // malformed escapes
            "X-Accel-Redirect, /%zz.txt, BAD_REQUEST",
            // what the programs' user may not read
            "X-Accel-Redirect, /private.txt, FORBIDDEN",
            "X-Accel-Redirect, /closed/c.txt, FORBIDDEN",
    })
    void everyWayOutAndEveryFileThatIsNotThereIsRefused(String header, String value, Failure failure) {
        assertThatThrownBy(() -> offload.open(request(header, value), "")).isInstanceOfSatisfying(ProgramException.class,
                e -> {
                    assertThat(e.failure()).as(e.getMessage()).isEqualTo(failure);
                    assertThat(e.getMessage()).as("the answer never names server paths").doesNotContain(dir.toString());
                });
    }

    private static OffloadRequest request(String header, String value) {
        return OffloadRequest.in(List.of(new Header(header, value)));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
