package org.procgate.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;

/**
 * Files and directories only their owner may read: the data dir and the secrets in it. When the
 * server runs as root, its programs run as another user (see the connector's "Who programs run
 * as"): the data dir then lets others pass through to a file handed to them, without listing it,
 * and the programs' password file belongs to their user.
 */
final class PrivateFiles {

    private static final Logger LOG = Logger.getLogger(PrivateFiles.class.getName());

    /** The system property naming the user programs run as, whose the pgpass file becomes. */
    static final String PROGRAMS_USER_PROPERTY = "procgate.db.programsUser";
    static final String DEFAULT_PROGRAMS_USER = "nobody";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final boolean ROOT = POSIX && runsAsRoot();

    private PrivateFiles() {
    }

    /**
     * Creates the directory (and missing parents) as 0700 where POSIX, or 0711 when the server runs
     * as root, so that programs reach the file handed to them; an existing one is left as it is but
     * for that.
     */
    static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (ROOT) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        }
    }

    /** When the server runs as root, gives the (0600) file to the user its programs run as: libpq reads only its own. */
    static void handToPrograms(Path file) throws IOException {
        if (ROOT) {
            String user = System.getProperty(PROGRAMS_USER_PROPERTY, DEFAULT_PROGRAMS_USER).strip();
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
            warnIfOutOfReach(file, user);
        }
    }

    /** A directory above the file that others may not pass through keeps the programs from it: say which. */
    private static void warnIfOutOfReach(Path file, String user) throws IOException {
        for (Path dir = file.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                Path closed = dir;
                LOG.warning(() -> "programs running as " + user + " cannot reach " + file + ": " + closed
                        + " is closed to others (chmod o+x " + closed + ", or put procgate.db.dir elsewhere)");
                return;
            }
        }
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Replaces the file's content. The text goes to a 0600 temporary file first and is then moved
     * over the target, so the secret is never readable by others, not even for a moment.
     */
    static void write(Path file, String content) throws IOException {
        Path temp = POSIX
                ? Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", ownerOnly())
                : Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
