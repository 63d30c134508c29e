package org.procgate.connector.pool;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProcessLauncher;
import org.procgate.connector.process.StreamDrainer;

/**
 * Makes FastCGI workers for one pool: starts the program on a fresh Unix socket (through
 * {@code spawn-fcgi -n} when it expects the socket on fd 0), waits until it accepts, and
 * connects the one connection the pool will use.
 */
final class FastCgiWorkerFactory extends BasePooledObjectFactory<FastCgiWorker> {

    private static final Logger LOG = Logger.getLogger(FastCgiWorkerFactory.class.getName());
    static final String SPAWN_FCGI = "spawn-fcgi";
    private static final List<String> SPAWN_FCGI_PATHS = List.of("/usr/bin/spawn-fcgi", "/usr/local/bin/spawn-fcgi");

    private final PoolSettings settings;
    private final Path socketDirectory;
    private final SharedExecutors executors;
    private final AtomicInteger ids = new AtomicInteger();
    private final java.util.Set<FastCgiWorker> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FastCgiWorkerFactory(PoolSettings settings, Path socketDirectory, SharedExecutors executors) {
        this.settings = settings;
        this.socketDirectory = socketDirectory;
        this.executors = executors;
    }

    @Override
    public FastCgiWorker create() throws ProgramException {
        int id = ids.incrementAndGet();
        Path socket = socketDirectory.resolve(settings.name() + "-" + id + ".sock");
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "cannot remove stale socket " + socket + ": " + e.getMessage(), e);
        }
        ManagedProcess process = launch(id, socket);
        try {
            SocketChannel channel = connectWhenReady(process, socket);
            FastCgiWorker worker = new FastCgiWorker(id, process, socket, new FastCgiClient(channel, executors.io()));
            live.add(worker);
            return worker;
        } catch (ProgramException e) {
            process.terminateTree(settings.shutdownGrace());
            throw e;
        }
    }

    private ManagedProcess launch(int id, Path socket) throws ProgramException {
        List<String> argv = new ArrayList<>();
        if (settings.fastcgi().launch() == LaunchMode.FD0) {
            argv.addAll(List.of(spawnFcgi(), "-n", "-s", socket.toString(), "-M", "0600", "--"));
            argv.addAll(settings.command());
        } else {
            for (String word : settings.command()) {
                argv.add(word.replace("{socket}", socket.toString()));
            }
        }
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(settings.environment());
        try {
            ManagedProcess process = ProcessLauncher.start(settings.name() + " worker " + id, argv,
                    settings.workingDirectory(), env, ProcessLauncher.nullInput(),
                    ProcessBuilder.Redirect.DISCARD, null);
            executors.io().execute(new StreamDrainer(process.process().getErrorStream(), settings.maxStderrBytes(), LOG,
                    "pool " + settings.name() + " worker " + id));
            return process;
        } catch (ProcessException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": " + e.getMessage(), e);
        }
    }

    private SocketChannel connectWhenReady(ManagedProcess process, Path socket) throws ProgramException {
        long deadline = System.nanoTime() + settings.fastcgi().startTimeout().toNanos();
        long pauseMillis = 2;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": worker exited at start with status "
                        + process.exitCode().orElse(-1) + "; see its stderr in the log");
            }
            if (Files.exists(socket)) {
                try {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    try {
                        channel.connect(UnixDomainSocketAddress.of(socket));
                        return channel;
                    } catch (IOException e) {
                        channel.close();
                        throw e;
                    }
                } catch (IOException e) {
                    last = e;
                }
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
        throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": worker did not accept connections within "
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

    /** Ends every worker this factory made that is still running, busy ones included. */
    void terminateAll() {
        for (FastCgiWorker worker : live) {
            live.remove(worker);
            worker.terminate(settings.shutdownGrace());
        }
    }

    @Override
    public PooledObject<FastCgiWorker> wrap(FastCgiWorker worker) {
        return new DefaultPooledObject<>(worker);
    }

    @Override
    public boolean validateObject(PooledObject<FastCgiWorker> pooled) {
        return pooled.getObject().isHealthy();
    }

    @Override
    public void destroyObject(PooledObject<FastCgiWorker> pooled) {
        FastCgiWorker worker = pooled.getObject();
        live.remove(worker);
        worker.abort();
        // ending a process may take the whole grace period: never on the request path
        try {
            executors.reaper().execute(() -> worker.terminate(settings.shutdownGrace()));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            worker.terminate(settings.shutdownGrace());
        }
    }
}
