package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.fastcgi.FastCgi;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.pool.remote.Backend;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProgramDirectory;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProcessLauncher;
import org.procgate.connector.process.StreamDrainer;
import org.procgate.connector.settings.LaunchMode;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.Deadlines;
import org.procgate.connector.threads.PoolThreads;

/**
 * Starts one pool's worker processes: each on a fresh Unix socket in the pool's private
 * directory (through {@code spawn-fcgi -n} when the program expects the socket on fd 0), with
 * only PATH, the allowed server variables and the operator's environment, its stderr read into
 * the log. A worker counts as started once it accepts a connection; it is then asked for its
 * limits (FCGI_GET_VALUES), which remote backends are asked too.
 */
final class WorkerLauncher {

    private static final Logger LOG = Logger.getLogger(WorkerLauncher.class.getName());
    private static final List<String> SPAWN_FCGI_PATHS = List.of("/usr/bin/spawn-fcgi", "/usr/local/bin/spawn-fcgi");
    static final List<String> LIMIT_NAMES = List.of(FastCgi.FCGI_MAX_CONNS, FastCgi.FCGI_MAX_REQS, FastCgi.FCGI_MPXS_CONNS);
    /** Workers that ignore FCGI_GET_VALUES are not waited for longer than this. */
    private static final Duration VALUES_TIMEOUT = Duration.ofMillis(500);
    /** Each pool instance has a directory of its own: a reloaded pool's new workers never meet the old ones' sockets. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final PoolSettings settings;
    private final Path socketDirectory;
    private final PoolThreads threads;

    /**
     * @param socketDirectory the adapter's private directory; the pool's workers get a directory of
     *                        their own in it, which only the pool's user may enter
     */
    WorkerLauncher(PoolSettings settings, Path socketDirectory, PoolThreads threads) {
        this.settings = settings;
        this.socketDirectory = settings.fastcgi().launch() != LaunchMode.REMOTE
                ? ProgramDirectory.create(socketDirectory.resolve(settings.name() + "-" + INSTANCES.incrementAndGet()),
                settings.identity()) : socketDirectory;
        this.threads = threads;
    }

    /** Starts worker {@code id} on a fresh socket and returns it once it accepts and has answered (or not) its limits. */
    FastCgiWorker spawn(int id) throws ProgramException {
        Path socket = socketDirectory.resolve(id + ".sock");
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "cannot remove stale socket " + socket + ": " + e.getMessage(), e);
        }
        ManagedProcess process = launch(id, socket);
        try {
            SocketChannel channel = connectWhenReady(process, Backend.unix(socket));
            return handshake(id, process, null, socket, channel);
        } catch (ProgramException e) {
            process.terminateTree(settings.shutdownGrace());
            throw e;
        }
    }

    /** Asks for the worker's limits; a worker that does not answer in time gets a fresh connection. */
    FastCgiWorker handshake(int id, ManagedProcess process, Backend backend, Path socket, SocketChannel channel)
            throws ProgramException {
        FastCgiClient client = new FastCgiClient(channel, threads.tasks());
        Map<String, String> values = Map.of();
        Deadlines.Deadline deadline = threads.deadlines().start(VALUES_TIMEOUT, client::close);
        try {
            values = client.getValues(LIMIT_NAMES);
        } catch (IOException e) {
            client.close();
        } finally {
            deadline.cancel();
        }
        if (!client.isReusable()) {
            try {
                Backend target = backend != null ? backend : Backend.unix(socket);
                client = new FastCgiClient(target.connect(settings.fastcgi().startTimeout()), threads.tasks());
            } catch (IOException e) {
                throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": cannot reconnect to worker "
                        + id + ": " + e.getMessage(), e);
            }
        }
        // logged, not acted on: php-cgi reports its number of children here (0 for one process)
        Map<String, String> answered = values;
        LOG.fine(() -> "pool " + settings.name() + ": worker " + id + " limits " + answered);
        return new FastCgiWorker(id, process, backend, socket, client, settings.fastcgi().maxLifetime(), values);
    }

    private ManagedProcess launch(int id, Path socket) throws ProgramException {
        // the user switch comes first: spawn-fcgi then binds the socket as the pool's user, in its directory
        List<String> wrappers = new ArrayList<>(settings.identity().prefix());
        List<String> argv = new ArrayList<>();
        if (settings.fastcgi().launch() == LaunchMode.FD0) {
            wrappers.addAll(List.of(spawnFcgi(), "-n", "-s", socket.toString(), "-M", "0600", "--"));
            argv.addAll(settings.command());
        } else {
            for (String word : settings.command()) {
                argv.add(word.replace("{socket}", socket.toString()));
            }
        }
        try {
            ManagedProcess process = ProcessLauncher.start(settings.name() + " worker " + id, wrappers, argv,
                    settings.workingDirectory(), environment(), ProcessLauncher.nullInput(),
                    ProcessBuilder.Redirect.DISCARD, null);
            threads.longRunning().execute(new StreamDrainer(process.process().getErrorStream(), settings.maxStderrBytes(), LOG,
                    "pool " + settings.name() + " worker " + id));
            return process;
        } catch (ProcessException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": " + e.getMessage(), e);
        }
    }

    /** PATH, the allow-listed variables of the server's own environment, then the operator's. */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String name : settings.fastcgi().passEnvironment()) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(settings.environment());
        return env;
    }

    private SocketChannel connectWhenReady(ManagedProcess process, Backend socket) throws ProgramException {
        long deadline = System.nanoTime() + settings.fastcgi().startTimeout().toNanos();
        long pauseMillis = 2;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ProgramException(Failure.UNAVAILABLE, "worker exited at start with status "
                        + process.exitCode().orElse(-1) + "; see its stderr in the log");
            }
            try {
                return socket.connect(settings.fastcgi().startTimeout());
            } catch (IOException e) {
                last = e;
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
        throw new ProgramException(Failure.UNAVAILABLE, "worker did not accept connections within "
                + settings.fastcgi().startTimeout().toMillis() + " ms" + (last != null ? " (" + last.getMessage() + ")" : ""));
    }

    private static void sleep(long millis) throws ProgramException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProgramException(Failure.UNAVAILABLE, "interrupted while starting a worker", e);
        }
    }

    private static String spawnFcgi() throws ProgramException {
        for (String path : SPAWN_FCGI_PATHS) {
            if (Files.isExecutable(Path.of(path))) {
                return path;
            }
        }
        throw new ProgramException(Failure.UNAVAILABLE, "launch=fd0 needs spawn-fcgi; install it with: apt-get install spawn-fcgi");
    }
}
