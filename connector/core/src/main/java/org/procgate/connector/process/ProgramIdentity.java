package org.procgate.connector.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Who a pool's programs run as. When the server runs as root, programs never do: a pool runs
 * them as its {@code user} and {@code group}, or as {@value #DEFAULT_USER} when it names none,
 * switched by {@code setpriv} just before the program is executed. When the server runs as an
 * ordinary user, it cannot switch: programs run as the server's user, and a pool that names
 * another user is refused.
 *
 * @param user  the user name, or {@code null} when programs run as the server's own user
 * @param uid   the user's id ({@code -1} when not switched)
 * @param gid   the group's id ({@code -1} when not switched)
 */
public record ProgramIdentity(String user, long uid, long gid) {

    /** The user programs run as when the server runs as root and a pool names none (as Debian's nobody). */
    public static final String DEFAULT_USER = "nobody";
    /** Programs run as the server's own user: no switch. */
    public static final ProgramIdentity SERVER = new ProgramIdentity(null, -1, -1);

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final long SERVER_UID = currentUid();

    /**
     * The identity a pool's programs get.
     *
     * @param user  the pool's {@code user} setting, blank if none
     * @param group the pool's {@code group} setting, blank for the user's own group
     * @throws IllegalArgumentException the user or group does not exist, is root, or cannot be switched to
     */
    public static ProgramIdentity of(String user, String group) {
        return of(user, group, SERVER_UID);
    }

    static ProgramIdentity of(String user, String group, long serverUid) {
        String named = user == null ? "" : user.strip();
        String groupName = group == null ? "" : group.strip();
        if (serverUid != 0) {
            if (named.isEmpty() && groupName.isEmpty()) {
                return SERVER;
            }
            if (!named.isEmpty() && idOf("-u", named) == serverUid && groupName.isEmpty()) {
                return SERVER;
            }
            throw new IllegalArgumentException("user '" + named + "'" + (groupName.isEmpty() ? "" : " and group '" + groupName + "'")
                    + " cannot be switched to: the server runs as uid " + serverUid + ", not root; leave user and group"
                    + " empty (programs then run as the server's user) or start the server as root");
        }
        String name = named.isEmpty() ? DEFAULT_USER : named;
        long uid = idOf("-u", name);
        if (uid == 0) {
            throw new IllegalArgumentException("user '" + name + "' is root: programs never run as root; name an unprivileged user");
        }
        long gid = groupName.isEmpty() ? idOf("-g", name) : groupId(groupName);
        if (gid == 0) {
            throw new IllegalArgumentException("group '" + (groupName.isEmpty() ? name + "'s primary group" : groupName)
                    + "' is root's group 0: programs never run with it; name another group");
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalArgumentException("switching programs to user '" + name + "' needs " + SETPRIV
                    + "; install util-linux (apt-get install util-linux)");
        }
        return new ProgramIdentity(name, uid, gid);
    }

    /** Whether programs run as another user than the server. */
    public boolean switches() {
        return user != null;
    }

    /** The words that run the rest of the command line as this identity; none when nothing is switched. */
    public List<String> prefix() {
        if (!switches()) {
            return List.of();
        }
        return List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--");
    }

    /**
     * The group ids the programs hold: the pool's group and the user's groups (setpriv's
     * {@code --init-groups}); empty when nothing is switched. Runs {@code id -G}: call it once.
     */
    public Set<Long> groupIds() {
        if (!switches()) {
            return Set.of();
        }
        Set<Long> ids = new HashSet<>(Set.of(gid));
        for (String id : run(List.of("id", "-G", user), "user '" + user + "' does not exist").split("\\s+")) {
            ids.add(Long.parseLong(id));
        }
        return Set.copyOf(ids);
    }

    @Override
    public String toString() {
        return switches() ? user + " (uid " + uid + ", gid " + gid + ")" : "the server's user";
    }

    private static long groupId(String group) {
        String entry = run(List.of("getent", "group", group), "group '" + group + "' does not exist");
        String[] fields = entry.split(":");
        return Long.parseLong(fields[2]);
    }

    private static long idOf(String option, String user) {
        return Long.parseLong(run(List.of("id", option, user), "user '" + user + "' does not exist"));
    }

    /** The command's first line of output; {@code failure} when it fails. */
    private static String run(List<String> command, String failure) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || output.isEmpty()) {
                process.destroyForcibly();
                throw new IllegalArgumentException(failure);
            }
            return output.lines().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new IllegalArgumentException(failure + " (" + command.get(0) + ": " + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException(failure + " (interrupted)", e);
        }
    }

    /** The server's own user id, from /proc (Linux). */
    private static long currentUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: treated as an ordinary user, which never switches
        }
        return -1;
    }
}
