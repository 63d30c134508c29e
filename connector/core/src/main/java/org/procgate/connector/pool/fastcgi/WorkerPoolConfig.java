package org.procgate.connector.pool.fastcgi;

import java.time.Duration;

import org.apache.commons.pool2.impl.AbandonedConfig;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.ProcessManager;

/** PHP-FPM's process manager in commons-pool2's terms: sizes, waits, and the maintenance run that trims and tops up. */
final class WorkerPoolConfig {

    /** How often idle workers are checked for idleness, lifetime and health (PHP-FPM does it every second). */
    static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(1);

    private WorkerPoolConfig() {
    }

    /** @param max the most workers: maxWorkers, or less where remote backends cannot take that many connections */
    static GenericObjectPoolConfig<FastCgiWorker> of(PoolSettings settings, int max) {
        FastCgiSettings fastcgi = settings.fastcgi();
        GenericObjectPoolConfig<FastCgiWorker> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(max);
        // idle workers above maxSpare end at the next maintenance run, never on return (SpareWorkerPolicy)
        config.setMaxIdle(max);
        config.setMinIdle(fastcgi.minIdle(max));
        config.setEvictionPolicy(new SpareWorkerPolicy(fastcgi.maxIdle(max), MAINTENANCE_PERIOD));
        // commons-pool2 waits forever by default; a request never does
        config.setBlockWhenExhausted(true);
        config.setMaxWait(settings.borrowTimeout());
        // waiters queue in arrival order on the deque's condition either way; a fair lock on top would also
        // pass the lock from thread to thread on every borrow and return. Every wait ends at borrowTimeout.
        config.setFairness(false);
        config.setLifo(true);
        config.setTestOnBorrow(true);
        config.setTestWhileIdle(true);
        config.setTimeBetweenEvictionRuns(MAINTENANCE_PERIOD);
        config.setNumTestsPerEvictionRun(max);
        config.setMinEvictableIdleDuration(Duration.ofMillis(-1));
        config.setSoftMinEvictableIdleDuration(fastcgi.processManager() == ProcessManager.STATIC
                ? Duration.ofMillis(-1) : fastcgi.idleTimeout());
        config.setJmxEnabled(false);
        return config;
    }

    /**
     * A worker is only ever borrowed inside one exchange, which a deadline bounds; one still out
     * long after that (a bug, not a slow program) is taken back, and the factory logs which
     * request held it.
     */
    static AbandonedConfig abandoned(PoolSettings settings) {
        AbandonedConfig config = new AbandonedConfig();
        config.setRemoveAbandonedOnMaintenance(true);
        config.setRemoveAbandonedTimeout(settings.requestTimeout().plus(settings.shutdownGrace()).plusSeconds(30));
        config.setLogAbandoned(false);
        return config;
    }

    /** Applies an operator's new maximum, with the spare limits cut to fit it. */
    static void resize(GenericObjectPool<FastCgiWorker> workers, PoolSettings settings, int maxWorkers) {
        FastCgiSettings fastcgi = settings.fastcgi();
        workers.setMinIdle(Math.min(fastcgi.minIdle(settings.maxWorkers()), maxWorkers));
        workers.setMaxIdle(maxWorkers);
        workers.setEvictionPolicy(new SpareWorkerPolicy(Math.min(fastcgi.maxIdle(settings.maxWorkers()), maxWorkers),
                MAINTENANCE_PERIOD));
        workers.setMaxTotal(maxWorkers);
    }
}
