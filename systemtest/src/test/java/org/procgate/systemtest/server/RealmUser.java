package org.procgate.systemtest.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A user the system tests sign in with, added to each server's own realm the way an operator adds
 * one (README, "Pools that require a user"), in one group whose name is also the role it maps to.
 *
 * @param group the user's group in the realm, mapped to the role of the same name
 */
public record RealmUser(String name, String password, String group) {

    /** In git-pusher: may use the test pools that name roles, and push through test-git-push. */
    public static final RealmUser PUSHER = new RealmUser("alice", "Alice-pushes-2026!", "git-pusher");
    /** Known to the realm, in no group a test pool names: signed in, then refused. */
    public static final RealmUser OUTSIDER = new RealmUser("bob", "Bob-only-reads-2026!", "staff");
    public static final List<RealmUser> ALL = List.of(PUSHER, OUTSIDER);

    /**
     * The roles the test pools name (test-pools.xml), as procgate.gateway.roles: git-pusher, and
     * auditor, which nobody has, so that a pool naming both admits a user with either.
     */
    public static final List<String> ROLES = List.of("git-pusher", "auditor");

    /**
     * The password as asadmin reads it ({@code --passwordfile}), in a file of its own (0600) under {@code work}:
     * GlassFish and Payara take no password on their command lines.
     */
    public Path asadminPasswordFile(Path work) throws IOException {
        Path file = work.resolve(name + ".password");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "AS_ADMIN_USERPASSWORD=" + password + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** The roles a user of the realm has: those of its groups that a pool names. */
    public static List<String> mappedRoles() {
        return ALL.stream().map(RealmUser::group).filter(ROLES::contains).distinct().toList();
    }
}
