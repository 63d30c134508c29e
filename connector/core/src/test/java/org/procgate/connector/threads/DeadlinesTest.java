package org.procgate.connector.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final AtomicReference<Thread> sweeper = new AtomicReference<>();
    private final Deadlines deadlines = new Deadlines(task -> {
        Thread thread = new Thread(task, "deadlines-under-test");
        thread.setDaemon(true);
        sweeper.set(thread);
        thread.start();
    });

    @AfterEach
    void stop() throws InterruptedException {
        deadlines.close();
        sweeper.get().join(5_000);
        assertThat(sweeper.get().isAlive()).as("the sweeper ends when closed").isFalse();
    }

    @Test
    void anOverdueDeadlineFiresOnceAndSaysSo() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Deadlines.Deadline deadline = deadlines.start(Duration.ofMillis(30), () -> {
            runs.incrementAndGet();
            fired.countDown();
        });
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(3 * Deadlines.PERIOD_MILLIS);
        assertThat(runs).hasValue(1);
        assertThat(deadline.expired()).isTrue();
    }

    @Test
    void aCancelledDeadlineNeverFires() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        Deadlines.Deadline deadline = deadlines.start(Duration.ofMillis(20), runs::incrementAndGet);
        deadline.cancel();
        Thread.sleep(6 * Deadlines.PERIOD_MILLIS);
        assertThat(runs).hasValue(0);
        assertThat(deadline.expired()).isFalse();
    }

    @Test
    void withNothingRegisteredTheSweeperSleepsUntilTheNextDeadline() throws InterruptedException {
        awaitState(Thread.State.WAITING);
        CountDownLatch fired = new CountDownLatch(1);
        deadlines.start(Duration.ofMillis(10), fired::countDown);
        assertThat(fired.await(5, TimeUnit.SECONDS)).as("a deadline registered while idle still fires").isTrue();
        // parked without a timeout: no periodic wake-up while nothing is pending
        awaitState(Thread.State.WAITING);
    }

    private void awaitState(Thread.State state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sweeper.get() == null || sweeper.get().getState() != state) {
            assertThat(System.nanoTime()).as("sweeper state " + state).isLessThan(end);
            Thread.sleep(5);
        }
    }
}
