package org.procgate.connector.pool.fastcgi;

import java.time.Duration;

import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.EvictionConfig;
import org.apache.commons.pool2.impl.EvictionPolicy;

/**
 * Which idle workers the pool's maintenance run ends, in the manner of PHP-FPM's dynamic process
 * manager: idle workers above {@code maxSpare} end once they have been idle a little while, idle
 * workers above {@code minSpare} end after the idle timeout.
 * <p>
 * No worker ends the moment it is returned (commons-pool2's {@code maxIdle} would do that): under a
 * load that comes and goes, that would end a worker after each burst and start a new one for the
 * next, paying for a process start and the program's own start-up (a database connection, say)
 * again and again.
 */
final class SpareWorkerPolicy implements EvictionPolicy<FastCgiWorker> {

    private final int maxSpare;
    private final Duration surplusGrace;

    /**
     * @param maxSpare     idle workers kept beyond the busy ones ({@link Integer#MAX_VALUE}: no such limit)
     * @param surplusGrace how long a worker above {@code maxSpare} has been idle before it ends
     */
    SpareWorkerPolicy(int maxSpare, Duration surplusGrace) {
        this.maxSpare = maxSpare;
        this.surplusGrace = surplusGrace;
    }

    @Override
    public boolean evict(EvictionConfig config, PooledObject<FastCgiWorker> worker, int idleCount) {
        Duration idle = worker.getIdleDuration();
        if (idleCount > maxSpare && idle.compareTo(surplusGrace) >= 0) {
            return true;
        }
        return idleCount > config.getMinIdle() && idle.compareTo(config.getIdleSoftEvictDuration()) > 0;
    }
}
