package org.procgate.connector.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProcessLauncher;
import org.procgate.connector.process.ProgramDirectory;
import org.procgate.connector.process.ProgramIdentity;

/**
 * One pool's resident launcher (launcher.py, run by {@value #PYTHON}): started once as the
 * pool's user, in the pool's pids cgroup, with only the pool's environment; it forks each
 * script in a session of its own, so no request pays an exec of setsid, and with
 * {@link Options#python()} it runs Python scripts in the forked child, their interpreter started
 * and their modules imported once.
 * <p>
 * Its socket ends up in a directory only the server may enter, owned by the server: the pool's
 * scripts, which run as the same user as the launcher, cannot reach it.
 */
public final class ForkLauncher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ForkLauncher.class.getName());
    public static final String PYTHON = "/usr/bin/python3";
    private static final String PROGRAM = "launcher.py";
    private static final AtomicLong TOKENS = new AtomicLong();

    /**
     * How a pool's launcher runs.
     *
     * @param pool         the pool's name, for messages
     * @param python       whether Python scripts run in the forked child (else every script is executed)
     * @param preload      modules the launcher imports once
     * @param wrappers     what runs before the launcher: the pids cgroup join, the user switch
     * @param identity     who the launcher and its children run as (owner of the directory it binds in)
     * @param environment  the pool's own environment, all the launcher gets
     * @param startTimeout how long the launcher, and each child, may take to start
     */
    public record Options(String pool, boolean python, List<String> preload, List<String> wrappers,
                          ProgramIdentity identity, Map<String, String> environment, Duration startTimeout) {
        public Options {
            preload = List.copyOf(preload);
            wrappers = List.copyOf(wrappers);
            environment = Map.copyOf(environment);
        }
    }

    private final Options options;
    private final Path directory;
    private final ManagedProcess process;
    private final ControlChannel control;
    private final Path socket;
    private final AtomicLong forked = new AtomicLong();
    /** The longest path a Unix socket may bind to on Linux (sun_path is 108 bytes, with its NUL). */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private ForkLauncher(Options options, Path directory, ManagedProcess process, ControlChannel control, Path socket) {
        this.options = options;
        this.directory = directory;
        this.process = process;
        this.control = control;
        this.socket = socket;
    }

    /** Starts the launcher and returns once it listens. */
    public static ForkLauncher start(Options options, Executor longRunning) throws ProcessException {
        Path directory = privateDirectory(options.pool());
        ManagedProcess process = null;
        try {
            Path program = directory.resolve(PROGRAM);
            try (InputStream source = ForkLauncher.class.getResourceAsStream(PROGRAM)) {
                Files.copy(source, program);
            }
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rw-r--r--"));
            Path bind = ProgramDirectory.create(directory.resolve("bind"), options.identity()).resolve("launcher.sock");
            checkSocketPath(bind, options.pool());
            List<String> argv = List.of(PYTHON, program.toString(), bind.toString(), options.python() ? "python" : "fork",
                    String.join(",", options.preload()));
            process = ProcessLauncher.start("launcher of pool " + options.pool(), options.wrappers(), argv, Path.of("/"),
                    options.environment(), true);
            ControlChannel control = new ControlChannel(process.process().getInputStream(), options.pool());
            longRunning.execute(control);
            longRunning.execute(logLines(process.process().getErrorStream(), options.pool()));
            awaitReady(control, options);
            Path socket = directory.resolve("launcher.sock");
            Files.move(bind, socket, StandardCopyOption.ATOMIC_MOVE);
            keepToServer(socket, directory);
            LOG.fine(() -> "pool " + options.pool() + ": launcher started");
            return new ForkLauncher(options, directory, process, control, socket);
        } catch (IOException | RuntimeException e) {
            end(process, directory);
            throw new ProcessException("pool " + options.pool() + ": cannot start the launcher: " + e.getMessage(), e);
        } catch (ProcessException e) {
            end(process, directory);
            throw e;
        }
    }

    /**
     * A Unix socket's path holds at most 107 bytes: a long {@code java.io.tmpdir} is named as the
     * reason, not left to the launcher's bind to fail on.
     */
    private static void checkSocketPath(Path socket, String pool) throws ProcessException {
        int bytes = socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw new ProcessException("pool " + pool + ": the launcher's socket path " + socket + " has " + bytes
                    + " bytes, more than the " + MAX_SOCKET_PATH_BYTES + " a Unix socket may have; give the server a "
                    + "shorter java.io.tmpdir");
        }
    }

    /**
     * A directory of the server's (0711): the pool's user may pass through it into its own "bind"
     * directory only. Its name is short and does not hold the pool's (a Unix socket's path is short).
     */
    private static Path privateDirectory(String pool) throws ProcessException {
        try {
            Path directory = Files.createTempDirectory("procgate-l");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
            return directory;
        } catch (IOException e) {
            throw new ProcessException("pool " + pool + ": cannot make the launcher's directory: " + e.getMessage(), e);
        }
    }

    /** The socket, moved out of the pool user's reach, belongs to the server and only the server may connect. */
    private static void keepToServer(Path socket, Path directory) throws IOException {
        Files.setAttribute(socket, "unix:uid", Files.getAttribute(directory, "unix:uid"));
        Files.setAttribute(socket, "unix:gid", Files.getAttribute(directory, "unix:gid"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    private static void awaitReady(ControlChannel control, Options options) throws ProcessException {
        try {
            control.ready().get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProcessException("pool " + options.pool() + ": the launcher did not start within "
                    + options.startTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new ProcessException("pool " + options.pool() + ": the launcher exited at start; see its stderr in the log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessException("pool " + options.pool() + ": interrupted while the launcher started");
        }
    }

    private static Runnable logLines(InputStream stderr, String pool) {
        return () -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> LOG.warning(() -> "pool " + pool + ": " + line));
            } catch (IOException | RuntimeException e) {
                // the launcher has ended
            }
        };
    }

    /**
     * Forks {@code argv} (the script, or an interpreter and the script) in a session of its own,
     * with exactly {@code environment}, in {@code directory}, under {@code limits}; returns once the
     * child runs.
     */
    public ManagedProcess fork(String name, List<String> argv, Path directory, Map<String, String> environment,
                               ChildLimits limits) throws ProcessException {
        if (!isAlive()) {
            throw new ProcessException("the launcher of pool " + options.pool() + " has exited");
        }
        String token = Long.toHexString(TOKENS.incrementAndGet());
        ByteBuffer ioHeader = ForkHeader.stdio(token, argv, directory, environment, limits);
        SocketChannel err = null;
        SocketChannel io = null;
        try {
            err = connect(ForkHeader.stderr(token));
            io = connect(ioHeader);
            long pid = readPid(io);
            forked.incrementAndGet();
            CompletableFuture<Integer> exit = control.exitOf(pid);
            exit.whenComplete((status, failure) -> control.forget(pid));
            return ManagedProcess.inOwnSession(new ForkedProcess(pid, io, err, exit), name);
        } catch (IOException e) {
            closeQuietly(io);
            closeQuietly(err);
            throw new ProcessException("cannot start " + name + " through the launcher of pool " + options.pool() + ": "
                    + e.getMessage(), e);
        }
    }

    private SocketChannel connect(ByteBuffer header) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            while (header.hasRemaining()) {
                channel.write(header);
            }
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The child's first 8 bytes: its pid, within the start timeout. */
    private long readPid(SocketChannel io) throws IOException {
        ByteBuffer pid = ByteBuffer.allocate(Long.BYTES);
        io.configureBlocking(false);
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        try (Selector selector = Selector.open()) {
            io.register(selector, SelectionKey.OP_READ);
            while (pid.hasRemaining()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("the child did not start within " + options.startTimeout().toMillis() + " ms");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (io.read(pid) < 0) {
                    throw new IOException("the launcher closed the connection; see its log");
                }
            }
        }
        return pid.flip().getLong();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive() && !control.ended();
    }

    public long pid() {
        return process.pid();
    }

    /** When the launcher started. */
    public Instant started() {
        return process.started();
    }

    /** The children it has forked so far. */
    public long forked() {
        return forked.get();
    }

    /** Ends the launcher (its control channel closes; then SIGTERM, SIGKILL) and removes its directory. */
    @Override
    public void close() {
        end(process, directory);
    }

    private static void end(ManagedProcess process, Path directory) {
        if (process != null) {
            try (OutputStream control = process.process().getOutputStream()) {
                control.flush();
            } catch (IOException e) {
                // gone already
            }
            try {
                process.process().waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (process.isAlive()) {
                process.terminateTree(Duration.ofSeconds(1));
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.fine(() -> "could not remove " + directory + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "launcher of pool " + options.pool() + " (pid " + pid() + ")";
    }
}
