package org.procgate.connector.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts programs with an explicit argument vector and an explicit environment: nothing of the
 * server's own environment is inherited, and no shell ever sees the arguments.
 */
public final class ProcessLauncher {

    static final String SETSID = firstExisting("/usr/bin/setsid", "/bin/setsid");
    static final String KILL = firstExisting("/usr/bin/kill", "/bin/kill");

    private ProcessLauncher() {
    }

    /**
     * Starts {@code argv} with its standard streams as pipes, in a new session if {@code ownSession}
     * (its own process group, which {@link ManagedProcess#terminateTree} and
     * {@link ManagedProcess#killGroup} then reach as a whole).
     */
    public static ManagedProcess start(String name, List<String> argv, Path workingDirectory,
                                       Map<String, String> environment, boolean ownSession) throws ProcessException {
        return start(name, List.of(), argv, workingDirectory, environment, null, null, null, ownSession);
    }

    /**
     * Starts {@code argv} through {@code wrappers} (programs that set something up and execute the
     * rest of the line: prlimit, setpriv, spawn-fcgi), with pipes, in a new session if {@code ownSession}.
     */
    public static ManagedProcess start(String name, List<String> wrappers, List<String> argv, Path workingDirectory,
                                       Map<String, String> environment, boolean ownSession) throws ProcessException {
        return start(name, wrappers, argv, workingDirectory, environment, null, null, null, ownSession);
    }

    /**
     * Starts {@code argv} in a new session (its own process group).
     *
     * @param stdin  where standard input comes from; {@code null} for a pipe
     * @param stdout where standard output goes; {@code null} for a pipe
     * @param stderr where standard error goes; {@code null} for a pipe
     */
    public static ManagedProcess start(String name, List<String> wrappers, List<String> argv, Path workingDirectory,
                                       Map<String, String> environment, ProcessBuilder.Redirect stdin,
                                       ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr)
            throws ProcessException {
        return start(name, wrappers, argv, workingDirectory, environment, stdin, stdout, stderr, true);
    }

    private static ManagedProcess start(String name, List<String> wrappers, List<String> argv, Path workingDirectory,
                                        Map<String, String> environment, ProcessBuilder.Redirect stdin,
                                        ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr,
                                        boolean ownSession) throws ProcessException {
        if (argv.isEmpty()) {
            throw new ProcessException("empty command for " + name);
        }
        // setsid and the wrappers would report a missing program only as exit status 127; name it instead
        String program = argv.get(0);
        if (program.contains("/") && !Files.isExecutable(resolve(workingDirectory, program))) {
            throw new ProcessException("cannot start " + name + ": " + program + " does not exist or is not executable");
        }
        List<String> command = new ArrayList<>(argv.size() + wrappers.size() + 1);
        boolean newSession = ownSession && SETSID != null;
        if (newSession) {
            command.add(SETSID);
        }
        command.addAll(wrappers);
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        if (stdin != null) {
            builder.redirectInput(stdin);
        }
        if (stdout != null) {
            builder.redirectOutput(stdout);
        }
        if (stderr != null) {
            builder.redirectError(stderr);
        }
        try {
            return new ManagedProcess(builder.start(), name, newSession);
        } catch (IOException e) {
            throw new ProcessException("cannot start " + name + " (" + argv.get(0) + "): " + e.getMessage()
                    + "; check that the program exists and is executable", e);
        }
    }

    private static Path resolve(Path workingDirectory, String program) {
        Path path = Path.of(program);
        return workingDirectory == null || path.isAbsolute() ? path : workingDirectory.resolve(path);
    }

    /** Reads from /dev/null. */
    public static ProcessBuilder.Redirect nullInput() {
        return ProcessBuilder.Redirect.from(new File("/dev/null"));
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }
}
