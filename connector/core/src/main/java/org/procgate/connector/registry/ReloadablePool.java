package org.procgate.connector.registry;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.Waits;

/**
 * A named pool whose definition may change while it serves: a reload puts a new pool, with the
 * new settings and new workers, in place of the old one. Requests that already chose the old pool
 * finish on it (for up to its {@code drainTimeout}); every later request goes to the new one; the
 * old pool then stops. No request is refused for the change.
 */
public final class ReloadablePool implements ProgramPool {

    private static final Logger LOG = Logger.getLogger(ReloadablePool.class.getName());

    /** One pool and the requests running on it. */
    private static final class Generation {
        private final ProgramPool pool;
        private final Map<String, String> definition;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean retiring;

        Generation(ProgramPool pool, Map<String, String> definition) {
            this.pool = pool;
            this.definition = definition == null ? null : Map.copyOf(definition);
        }

        void leave() {
            if (inFlight.decrementAndGet() == 0 && retiring) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        /** Waits, at most the pool's drain time, for the requests in flight, then stops the pool. */
        void retire() {
            retiring = true;
            Waits.until(this, () -> inFlight.get() == 0, pool.settings().drainTimeout());
            pool.close();
        }
    }

    private final Executor stopper;
    private final Set<Generation> retiring = ConcurrentHashMap.newKeySet();
    private volatile Generation current;

    /**
     * @param definition the text the pool was made from, for a reload through the admin API; {@code null} if none
     * @param stopper    ends a replaced pool off the calling thread
     */
    ReloadablePool(ProgramPool pool, Map<String, String> definition, Executor stopper) {
        this.current = new Generation(pool, definition);
        this.stopper = stopper;
    }

    /** The definition the pool was made from, or {@code null} when it was made from settings alone. */
    Map<String, String> definition() {
        return current.definition;
    }

    /** The pool serving new requests now (for diagnostics and tests). */
    public ProgramPool current() {
        return current.pool;
    }

    /** Puts {@code next} in place; the replaced pool stops once its requests in flight have finished. */
    synchronized void replace(ProgramPool next, Map<String, String> definition) {
        Generation old = current;
        current = new Generation(next, definition);
        LOG.info(() -> "pool " + next.settings().name() + " reloaded: new requests go to new workers, "
                + old.inFlight.get() + " in flight finish on the old ones");
        retiring.add(old);
        stopper.execute(() -> {
            old.retire();
            retiring.remove(old);
        });
    }

    @Override
    public void execute(ProgramRequest request, ResponseSink sink) throws ProgramException {
        Generation generation = enter();
        try {
            generation.pool.execute(request, sink);
        } finally {
            generation.leave();
        }
    }

    /** The current generation, counted in: a request never lands on a pool that a reload is stopping. */
    private Generation enter() {
        while (true) {
            Generation generation = current;
            generation.inFlight.incrementAndGet();
            if (generation == current) {
                return generation;
            }
            generation.leave();
        }
    }

    @Override
    public PoolSettings settings() {
        return current.pool.settings();
    }

    @Override
    public PoolStatus status() {
        return current.pool.status();
    }

    @Override
    public PoolStatus summary() {
        return current.pool.summary();
    }

    @Override
    public void recycle(long pid) throws ProgramException {
        current.pool.recycle(pid);
    }

    @Override
    public void restart() {
        current.pool.restart();
    }

    @Override
    public void resize(int maxWorkers) throws ProgramException {
        current.pool.resize(maxWorkers);
    }

    /** Stops the pool, and any replaced one still finishing its requests. */
    @Override
    public void close() {
        current.pool.close();
        retiring.forEach(generation -> generation.pool.close());
    }
}
