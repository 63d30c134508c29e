package org.procgate.connector.pool;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every pool of one resource adapter shares: a watchdog that enforces deadlines,
 * I/O helpers (body uploads, stderr readers) and a reaper that ends processes off the request path.
 */
public final class SharedExecutors implements AutoCloseable {

    private final ScheduledThreadPoolExecutor watchdog;
    private final ExecutorService io;
    private final ExecutorService reaper;

    public SharedExecutors() {
        watchdog = new ScheduledThreadPoolExecutor(1, daemon("procgate-watchdog"));
        watchdog.setRemoveOnCancelPolicy(true);
        io = Executors.newCachedThreadPool(daemon("procgate-io"));
        reaper = Executors.newCachedThreadPool(daemon("procgate-reaper"));
    }

    public ScheduledExecutorService watchdog() {
        return watchdog;
    }

    public ExecutorService io() {
        return io;
    }

    public ExecutorService reaper() {
        return reaper;
    }

    /** Stops accepting work and waits (bounded) for the reaper to finish ending processes. */
    public void close(Duration wait) {
        watchdog.shutdownNow();
        io.shutdownNow();
        reaper.shutdown();
        try {
            if (!reaper.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                reaper.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
