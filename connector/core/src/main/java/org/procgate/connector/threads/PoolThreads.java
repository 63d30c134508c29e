package org.procgate.connector.threads;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The threads every pool of one resource adapter works on.
 * <ul>
 * <li>{@link #tasks()}: background work of one request (a body written to a script's stdin, a
 * script's stderr read, a slow client's answer drained). Inside a server it runs on the server's
 * threads (its WorkManager), where operators see and size it; a task the server does not start at
 * once runs on a thread of procgate's own, because a stderr reader left waiting in a queue lets a
 * program block on a full pipe.</li>
 * <li>{@link #longRunning()}, the {@link Deadlines} sweeper and {@link #endOffRequestPath}: work
 * that lives as long as a worker or the adapter, or must run while the server shuts down. It runs
 * on procgate's own daemon threads: a server waits for its own threads to finish before it stops
 * an adapter (Open Liberty's quiesce waits 30 s for them), and refuses new work while stopping.</li>
 * </ul>
 */
public final class PoolThreads implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolThreads.class.getName());

    private final Executor server;
    private final ExecutorService own = Executors.newCachedThreadPool(daemonThreads("procgate-work"));
    private final AtomicBoolean overflowLogged = new AtomicBoolean();
    private final Executor tasks = this::run;
    private final Executor longRunning = own;
    private final Deadlines deadlines;
    /** Process ends still running, so {@link #close(Duration)} can wait for them. */
    private final Phaser ending = new Phaser(1);

    private PoolThreads(Executor server) {
        this.server = server;
        this.deadlines = new Deadlines(own);
    }

    /**
     * Work on the server's threads.
     *
     * @param server starts each task at once, or throws {@link RejectedExecutionException}
     */
    public static PoolThreads on(Executor server) {
        return new PoolThreads(server);
    }

    /** Work on daemon threads of procgate's own (tests and tools). */
    public static PoolThreads ownThreads() {
        return new PoolThreads(null);
    }

    /** Runs background work of one request: the server's threads where it has them. */
    public Executor tasks() {
        return tasks;
    }

    /** Runs work that lives as long as a worker (its stderr reader): procgate's own threads. */
    public Executor longRunning() {
        return longRunning;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    private void run(Runnable task) {
        if (server != null) {
            try {
                server.execute(task);
                return;
            } catch (RejectedExecutionException e) {
                if (overflowLogged.compareAndSet(false, true)) {
                    LOG.warning("the server did not start a procgate task at once (" + e.getMessage()
                            + "); such tasks now run on procgate's own threads; give the connector's work manager more threads");
                }
            }
        }
        own.execute(task);
    }

    /** Runs {@code end} (ending a process, which may take its whole grace) off the calling thread. */
    public void endOffRequestPath(Runnable end) {
        ending.register();
        try {
            own.execute(() -> {
                try {
                    end.run();
                } finally {
                    ending.arriveAndDeregister();
                }
            });
        } catch (RejectedExecutionException closed) {
            ending.arriveAndDeregister();
            end.run();
        }
    }

    /** Waits (bounded) for process ends in flight, then stops the deadlines and procgate's own threads. */
    public void close(Duration wait) {
        try {
            ending.awaitAdvanceInterruptibly(ending.arrive(), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // what is still ending had SIGKILL sent when its grace ran out
        }
        deadlines.close();
        own.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Threads named {@code prefix-N} that never keep the JVM up. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
