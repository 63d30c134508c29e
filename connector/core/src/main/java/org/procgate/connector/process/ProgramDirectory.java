package org.procgate.connector.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A directory only a pool's programs (and the server) may enter: where its workers' sockets live. */
public final class ProgramDirectory {

    private ProgramDirectory() {
    }

    /** Creates {@code dir} (mode 0700), owned by the identity's user and group when programs run as another user. */
    public static Path create(Path dir, ProgramIdentity identity) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (identity.switches()) {
                Files.setAttribute(dir, "unix:uid", (int) identity.uid());
                Files.setAttribute(dir, "unix:gid", (int) identity.gid());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the directory " + dir + " for " + identity + ": " + e.getMessage(), e);
        }
    }
}
