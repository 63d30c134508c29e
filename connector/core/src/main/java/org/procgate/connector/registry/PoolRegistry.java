package org.procgate.connector.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.management.ObjectName;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.stats.PoolView;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.PoolSettingsReader;
import org.procgate.connector.threads.PoolThreads;

/**
 * Every pool of one resource adapter, by name. The registry owns the pools (and through them
 * every process) from creation to {@link #close()}, which leaves no process behind.
 */
public final class PoolRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolRegistry.class.getName());

    private final Map<String, ReloadablePool> pools = new ConcurrentHashMap<>();
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
     * The pool with these settings' name, created on first use. A definition that differs from the
     * pool's (the server made its connection factory again with new properties) reloads the pool:
     * new requests go to new workers with the new settings, those in flight finish on the old ones.
     */
    public ProgramPool open(PoolSettings settings) throws ProgramException {
        return open(settings, null);
    }

    /**
     * The pool a definition describes (property name to text, as {@link PoolSettingsReader} reads
     * it), created on first use, reloaded when the definition changed. Kept, so that the admin
     * API can reload the pool with some settings changed.
     */
    public ProgramPool open(Map<String, String> definition) throws ProgramException {
        return open(read(definition, Failure.UNAVAILABLE), definition);
    }

    private ProgramPool open(PoolSettings settings, Map<String, String> definition) throws ProgramException {
        if (closed) {
            throw new ProgramException(Failure.UNAVAILABLE, "the resource adapter is stopped");
        }
        ReloadablePool pool;
        try {
            pool = pools.computeIfAbsent(settings.name(), name -> register(new ReloadablePool(create(settings), definition,
                    threads.longRunning())));
            synchronized (pool) {
                if (!pool.settings().equals(settings)) {
                    pool.replace(create(settings), definition);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ProgramException(Failure.UNAVAILABLE, e.getMessage(), e);
        }
        return pool;
    }

    /**
     * Reloads the pool a definition names if it is open and now defined otherwise (the server made
     * its connection factory again with other properties); opens no pool.
     *
     * @return whether the pool is open
     */
    public boolean reloadIfOpen(Map<String, String> definition) throws ProgramException {
        PoolSettings settings = read(definition, Failure.BAD_REQUEST);
        if (closed || !pools.containsKey(settings.name())) {
            return false;
        }
        open(settings, definition);
        return true;
    }

    /**
     * Reloads the pool with some settings changed (property name to new text; a blank text takes
     * the default): its workers are replaced without a failed request.
     */
    public PoolStatus reload(String name, Map<String, String> changes) throws ProgramException {
        ReloadablePool pool = pools.get(name);
        if (pool == null) {
            throw new ProgramException(Failure.NOT_FOUND, "no pool named '" + name + "' is open");
        }
        if (pool.definition() == null) {
            throw new ProgramException(Failure.BAD_REQUEST, "pool " + name + " was not made from a definition; reload it "
                    + "through the server's own tooling");
        }
        Map<String, String> definition = new LinkedHashMap<>(pool.definition());
        changes.forEach((setting, value) -> {
            if (value == null || value.isBlank()) {
                definition.remove(setting);
            } else {
                definition.put(setting, value);
            }
        });
        PoolSettings settings = read(definition, Failure.BAD_REQUEST);
        if (!settings.name().equals(name)) {
            throw new ProgramException(Failure.BAD_REQUEST, "a reload keeps the pool's name; define a new pool instead");
        }
        synchronized (pool) {
            if (!pool.settings().equals(settings)) {
                try {
                    pool.replace(create(settings), definition);
                } catch (IllegalArgumentException e) {
                    throw new ProgramException(Failure.BAD_REQUEST, e.getMessage(), e);
                }
            }
        }
        return pool.status();
    }

    private static PoolSettings read(Map<String, String> definition, Failure failure) throws ProgramException {
        try {
            return PoolSettingsReader.read(definition);
        } catch (IllegalArgumentException e) {
            throw new ProgramException(failure, e.getMessage(), e);
        }
    }

    private ProgramPool create(PoolSettings settings) {
        LOG.info(() -> "starting pool " + settings.name() + " (" + settings.kind().name().toLowerCase() + ", max "
                + settings.maxWorkers() + ")");
        return settings.kind() == PoolKind.FASTCGI
                ? new FastCgiPool(settings, socketDirectory, threads)
                : new CgiPool(settings, threads);
    }

    /** Shows the pool over JMX, under its name, whatever reloads it goes through. */
    private ReloadablePool register(ReloadablePool pool) {
        ObjectName name = PoolView.register(pool);
        if (name != null) {
            mxBeans.put(pool.settings().name(), name);
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
