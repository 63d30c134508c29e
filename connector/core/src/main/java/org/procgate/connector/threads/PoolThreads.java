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
 * The threads every pool of one resource adapter works on: background tasks (stdin writers,
 * stderr readers, slow clients' drains, first workers' starts), process ends taken off the
 * request path, and the {@link Deadlines}. Inside a server they run on the server's threads (its
 * WorkManager); a task the server refuses to start at once runs on a thread of procgate's own,
 * because a stderr reader left waiting in a queue lets a program block on a full pipe.
 */
public final class PoolThreads implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PoolThreads.class.getName());

    private final Executor server;
    private final ExecutorService own = Executors.newCachedThreadPool(daemonThreads("procgate-work"));
    private final AtomicBoolean overflowLogged = new AtomicBoolean();
    private final Executor tasks = this::run;
    private final Deadlines deadlines;
    /** Process ends still running, so {@link #close(Duration)} can wait for them. */
    private final Phaser ending = new Phaser(1);

    private PoolThreads(Executor server) {
        this.server = server;
        this.deadlines = new Deadlines(tasks);
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

    /** Runs background I/O for a request or a worker. */
    public Executor tasks() {
        return tasks;
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
            run(() -> {
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

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
