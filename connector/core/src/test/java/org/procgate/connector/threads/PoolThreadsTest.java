package org.procgate.connector.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class PoolThreadsTest {

    /** A stand-in for the server's WorkManager: names its threads so a test can tell whose thread ran a task. */
    private final List<Thread> serverThreads = new CopyOnWriteArrayList<>();

    private void onServerThread(Runnable task) {
        Thread thread = new Thread(task, "server-work");
        thread.setDaemon(true);
        serverThreads.add(thread);
        thread.start();
    }

    @Test
    void aRequestsTasksRunOnTheServersThreadsTheAdaptersOwnLifeOnItsOwn() throws InterruptedException {
        PoolThreads threads = PoolThreads.on(this::onServerThread);
        try {
            assertThat(serverThreads).as("the sweeper is not the server's to wait for").isEmpty();
            assertThat(threadNameOf(threads)).isEqualTo("server-work");
            assertThat(threadNameOf(threads.longRunning())).startsWith("procgate-work-");
            CountDownLatch fired = new CountDownLatch(1);
            threads.deadlines().start(Duration.ofMillis(10), fired::countDown);
            assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.close();
        }
    }

    @Test
    void aTaskTheServerWillNotStartRunsOnAThreadOfItsOwn() throws InterruptedException {
        PoolThreads threads = PoolThreads.on(task -> {
            throw new RejectedExecutionException("no free thread");
        });
        try {
            assertThat(threadNameOf(threads)).startsWith("procgate-work-");
        } finally {
            threads.close();
        }
    }

    @Test
    void closeWaitsForProcessEndsInFlight() {
        PoolThreads threads = PoolThreads.ownThreads();
        CountDownLatch ended = new CountDownLatch(1);
        threads.endOffRequestPath(() -> {
            sleep(300);
            ended.countDown();
        });
        threads.close(Duration.ofSeconds(5));
        assertThat(ended.getCount()).as("the process end finished before close returned").isZero();
    }

    private static String threadNameOf(PoolThreads threads) throws InterruptedException {
        return threadNameOf(threads.tasks());
    }

    private static String threadNameOf(Executor executor) throws InterruptedException {
        AtomicReference<String> name = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        executor.execute(() -> {
            name.set(Thread.currentThread().getName());
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        return name.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
