package org.procgate.connector.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.management.ObjectName;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.stats.PoolView;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;

/**
 * Every pool of one resource adapter, by name. The registry owns the pools (and through them
 * every process) from creation to {@link #close()}, which leaves no process behind.
 */
public final class PoolRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolRegistry.class.getName());

    private final Map<String, ProgramPool> pools = new ConcurrentHashMap<>();
    private final Map<String, ObjectName> mxBeans = new ConcurrentHashMap<>();
    private final PoolThreads threads;
    private final Path socketDirectory;
    private volatile boolean closed;

    /** A registry whose pools work on procgate's own threads (tests and tools). */
    public PoolRegistry() {
        this(PoolThreads.ownThreads());
    }

    /** A registry whose pools work on these threads; it closes them when it closes. */
    public PoolRegistry(PoolThreads threads) {
        this.threads = threads;
        try {
            socketDirectory = Files.createTempDirectory("procgate-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // others may pass through to the one directory of their pool, never list or enter the rest
            Files.setPosixFilePermissions(socketDirectory, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory for worker sockets", e);
        }
    }

    /**
     * The pool with these settings' name, created on first use. A second definition of the same
     * name with different settings is refused: two factories cannot silently share one pool.
     */
    public ProgramPool open(PoolSettings settings) throws ProgramException {
        if (closed) {
            throw new ProgramException(Failure.UNAVAILABLE, "the resource adapter is stopped");
        }
        ProgramPool pool;
        try {
            pool = pools.computeIfAbsent(settings.name(), name -> create(settings));
        } catch (IllegalArgumentException e) {
            throw new ProgramException(Failure.UNAVAILABLE, e.getMessage(), e);
        }
        if (!pool.settings().equals(settings)) {
            throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name()
                    + " is already defined with other settings; give each definition its own poolName");
        }
        return pool;
    }

    private ProgramPool create(PoolSettings settings) {
        LOG.info(() -> "starting pool " + settings.name() + " (" + settings.kind().name().toLowerCase() + ", max "
                + settings.maxWorkers() + ")");
        ProgramPool pool = settings.kind() == PoolKind.FASTCGI
                ? new FastCgiPool(settings, socketDirectory, threads)
                : new CgiPool(settings, threads);
        ObjectName name = PoolView.register(pool);
        if (name != null) {
            mxBeans.put(settings.name(), name);
        }
        return pool;
    }

    /** The open pool of this name. */
    public ProgramPool pool(String name) throws ProgramException {
        ProgramPool pool = pools.get(name);
        if (pool == null) {
            throw new ProgramException(Failure.NOT_FOUND, "no pool named '" + name + "' is open");
        }
        return pool;
    }

    public List<ProgramPool> pools() {
        return List.copyOf(pools.values());
    }

    /** Ends every pool and every process they started; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed && pools.isEmpty()) {
            return;
        }
        closed = true;
        pools.values().parallelStream().forEach(ProgramPool::close);
        pools.clear();
        mxBeans.values().forEach(PoolView::unregister);
        mxBeans.clear();
        threads.close();
        deleteSocketDirectory();
    }

    private void deleteSocketDirectory() {
        try (Stream<Path> files = Files.walk(socketDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.fine(() -> "could not remove " + socketDirectory + ": " + e.getMessage());
        }
    }
}
