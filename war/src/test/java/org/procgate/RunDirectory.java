package org.procgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Test-only: a fresh directory for one run of the server. */
final class RunDirectory {

    private RunDirectory() {
    }

    /**
     * A new directory under {@code parent}, which the programs' user may pass through (0711) but
     * not list: when the server runs as root its programs run as nobody, and reach their
     * {@code pgpass} in the database directory below it. A temporary directory is 0700.
     */
    static Path create(Path parent, String prefix) throws IOException {
        Path directory = Files.createTempDirectory(parent, prefix);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
        return directory;
    }
}
