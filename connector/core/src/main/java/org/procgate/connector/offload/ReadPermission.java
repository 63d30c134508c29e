package org.procgate.connector.offload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

import org.procgate.connector.process.ProgramIdentity;

/**
 * Whether the user a pool's programs run as may read a file: the server sends a file only if the
 * program could have read it itself, so a program that runs as {@code nobody} cannot have a
 * server that runs as root send it a file only root may read. Without a switch of user, the
 * server's own access decides.
 */
final class ReadPermission {

    private static final int OWNER_READ = 0400;
    private static final int GROUP_READ = 040;
    private static final int OTHERS_READ = 04;
    private static final int OWNER_SEARCH = 0100;
    private static final int GROUP_SEARCH = 010;
    private static final int OTHERS_SEARCH = 01;

    private final ProgramIdentity identity;
    private final Set<Long> groups;

    ReadPermission(ProgramIdentity identity) {
        this.identity = identity;
        this.groups = identity.groupIds();
    }

    /**
     * @param realRoot the root's real path; the directories from it down to the file must be searchable
     * @param file     a real path under {@code realRoot}
     */
    boolean allows(Path realRoot, Path file) throws IOException {
        if (!identity.switches()) {
            return Files.isReadable(file);
        }
        for (Path directory = file.getParent(); directory != null && directory.startsWith(realRoot);
             directory = directory.getParent()) {
            if (!granted(directory, OWNER_SEARCH, GROUP_SEARCH, OTHERS_SEARCH)) {
                return false;
            }
        }
        return granted(file, OWNER_READ, GROUP_READ, OTHERS_READ);
    }

    /** The permission class that applies to the identity decides, as the kernel does: the owner's bits for the owner, and so on. */
    private boolean granted(Path path, int owner, int group, int others) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue() == identity.uid()) {
            return (mode & owner) != 0;
        }
        if (groups.contains(((Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue())) {
            return (mode & group) != 0;
        }
        return (mode & others) != 0;
    }
}
