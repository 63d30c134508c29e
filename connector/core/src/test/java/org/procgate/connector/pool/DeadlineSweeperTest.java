package org.procgate.connector.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineSweeperTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DeadlineSweeper sweeper = new DeadlineSweeper(timer);

    @AfterEach
    void stop() {
        sweeper.close();
        timer.shutdownNow();
    }

    @Test
    void anOverdueDeadlineFiresOnceAndSaysSo() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        DeadlineSweeper.Deadline deadline = sweeper.start(TimeUnit.MILLISECONDS.toNanos(30), () -> {
            runs.incrementAndGet();
            fired.countDown();
        });
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(3 * DeadlineSweeper.PERIOD_MILLIS);
        assertThat(runs).hasValue(1);
        assertThat(deadline.expired()).isTrue();
    }

    @Test
    void aCancelledDeadlineNeverFires() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        DeadlineSweeper.Deadline deadline = sweeper.start(TimeUnit.MILLISECONDS.toNanos(20), runs::incrementAndGet);
        deadline.cancel();
        Thread.sleep(6 * DeadlineSweeper.PERIOD_MILLIS);
        assertThat(runs).hasValue(0);
        assertThat(deadline.expired()).isFalse();
    }
}
