package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * git, run against the test-git pools: the repositories live under {@link #ROOT}, their
 * GIT_PROJECT_ROOT (systemtest/src/test/resources/test-pools.xml). Nothing ever prompts.
 */
final class Git {

    static final Path ROOT = Path.of(System.getProperty("procgate.home"), "systemtest/target/git");

    /** What a command did: its exit status and its output (stderr included). */
    record Result(int exitValue, String output) {
    }

    private Git() {
    }

    /** git, with compression off (the tests' data is random), which must succeed; its output. */
    static String git(Path directory, String... arguments) throws Exception {
        Result result = attempt(directory, arguments);
        assertThat(result.exitValue()).as("git " + String.join(" ", arguments) + ": " + result.output()).isZero();
        return result.output();
    }

    /** git, with compression off, whether it succeeds or not. */
    static Result attempt(Path directory, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.compression=0", "-c", "pack.compression=0"));
        command.addAll(List.of(arguments));
        return execute(directory, command.toArray(String[]::new));
    }

    /** Any command, which must succeed; its output. */
    static String run(Path directory, String... command) throws Exception {
        Result result = execute(directory, command);
        assertThat(result.exitValue()).as(String.join(" ", command) + ": " + result.output()).isZero();
        return result.output();
    }

    private static Result execute(Path directory, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    /** A new, empty bare repository under {@link #ROOT}, handed to the pools' user. */
    static Path bareRepository(String name) throws Exception {
        Path bare = ROOT.resolve(name);
        deleteTree(bare);
        Files.createDirectories(ROOT);
        git(ROOT, "init", "-q", "--bare", "-b", "main", name);
        return bare;
    }

    /**
     * The repository as an operator hands it to git-http-backend's pool: owned by the user the
     * pool's programs run as (nobody, when the server runs as root), which pushes write into it and
     * which git requires of a repository it serves.
     */
    static void givenToThePoolsUser(Path repository) throws Exception {
        if (ProcessHandle.current().info().user().filter("root"::equals).isPresent()) {
            run(repository.getParent(), "chown", "-R", "nobody:nogroup", repository.getFileName().toString());
        }
    }

    /** A working repository with one commit of the given files' sizes, in random bytes. */
    static Path sourceWithCommit(Path work, long... blobSizes) throws Exception {
        Path source = work.resolve("source");
        git(work, "init", "-q", "-b", "main", "source");
        for (int i = 0; i < blobSizes.length; i++) {
            run(source, "sh", "-c", "head -c " + blobSizes[i] + " /dev/urandom > blob" + i);
        }
        git(source, "add", ".");
        git(source, "-c", "user.name=procgate", "-c", "user.email=test@procgate.invalid", "commit", "-q", "-m", "blobs");
        return source;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
