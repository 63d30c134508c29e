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
import java.util.concurrent.atomic.AtomicLong;
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
import org.procgate.connector.settings.PoolSetting;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.PoolSettingsReader;
import org.procgate.connector.threads.PoolThreads;

/**
 * Every pool of one resource adapter, by name. The registry owns the pools (and through them
 * every process) from creation to {@link #close()}, which leaves no process behind.
 */
public final class PoolRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolRegistry.class.getName());

    /** A connection factory a pool took: its mark and its definition. */
    private record TakenFactory(long mark, Map<String, String> definition) {
    }

    private final Map<String, ReloadablePool> pools = new ConcurrentHashMap<>();
    private final Map<String, ObjectName> mxBeans = new ConcurrentHashMap<>();
    /** By pool name, the latest connection factory the server made for the pool and the pool took. */
    private final Map<String, TakenFactory> latestFactories = new ConcurrentHashMap<>();
    /** Counts the factories taken, to mark each: a later factory has a higher mark. */
    private final AtomicLong factoriesTaken = new AtomicLong();
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
     * The server made a connection factory for a pool, with this definition. If the definition is
     * valid, the pool takes it: an open pool defined otherwise reloads (an operator changed it with
     * the server's own tooling), and the factory becomes the pool's latest, so that those made
     * before, with another definition, tell they are {@linkplain #replaced replaced}. Opens no pool.
     * A definition that is not valid, or that the pool cannot be reloaded with, is not taken: the
     * pool keeps its definition, and says so in the log.
     *
     * @return the factory's mark, for {@link #replaced}
     */
    public long factoryMade(Map<String, String> definition) {
        long before = factoriesTaken.get();
        try {
            PoolSettings settings = read(definition, Failure.BAD_REQUEST);
            if (closed) {
                return before;
            }
            if (pools.containsKey(settings.name())) {
                open(settings, definition);
            }
            TakenFactory taken = new TakenFactory(factoriesTaken.incrementAndGet(), Map.copyOf(definition));
            latestFactories.merge(settings.name(), taken, (one, other) -> one.mark() > other.mark() ? one : other);
            return taken.mark();
        } catch (ProgramException e) {
            LOG.warning(() -> "pool " + definition.get(PoolSetting.POOL_NAME.property()) + " keeps its definition: "
                    + e.getMessage());
            return before;
        }
    }

    /**
     * Whether the pool that this definition names has taken a factory with another definition since
     * the one with this definition and mark was made ({@link #factoryMade}). The server then holds
     * the new factory as the pool's: connections still taken from the old one reach the same pool,
     * but the server counts each as a mistake. Cheap: no definition is read.
     */
    public boolean replaced(Map<String, String> definition, long mark) {
        TakenFactory latest = latestFactories.get(definition.getOrDefault(PoolSetting.POOL_NAME.property(), ""));
        return latest != null && latest.mark() > mark && !latest.definition().equals(definition);
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
        latestFactories.clear();
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
