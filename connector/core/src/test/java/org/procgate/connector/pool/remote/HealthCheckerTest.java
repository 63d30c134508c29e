package org.procgate.connector.pool.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.threads.PoolThreads;

class HealthCheckerTest {

    private final Backend a = Backend.parse("127.0.0.1:9001");
    private final Backend b = Backend.parse("127.0.0.1:9002");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            PoolThreads.daemonThreads("health-test"));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aBackendThatFailsItsChecksLeavesAndOneThatPassesAgainComesBack() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 1, 2, 2, System::nanoTime);
        AtomicBoolean aAnswers = new AtomicBoolean(false);
        AtomicInteger checks = new AtomicInteger();
        HealthChecker checker = new HealthChecker(rotation, (backend, timeout) -> {
            checks.incrementAndGet();
            if (backend == a && !aAnswers.get()) {
                throw new java.io.IOException("refused");
            }
            return "ok in " + timeout.toMillis() + " ms";
        }, Duration.ofMillis(20), Duration.ofMillis(100), scheduler);
        try {
            awaitState(rotation, 0, "down: checks");
            assertThat(rotation.status().get(1).state()).isEqualTo("up");
            BackendStatus.HealthCheck last = rotation.status().get(0).lastCheck();
            assertThat(last.passed()).isFalse();
            assertThat(last.detail()).isEqualTo("refused");
            assertThat(rotation.status().get(1).lastCheck().detail()).isEqualTo("ok in 100 ms");

            aAnswers.set(true);
            awaitState(rotation, 0, "up");
        } finally {
            checker.close();
        }
        int stopped = checks.get();
        Thread.sleep(100);
        assertThat(checks.get()).as("no check after close").isLessThanOrEqualTo(stopped + 2);
    }

    private static void awaitState(BackendRotation rotation, int index, String state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!rotation.status().get(index).state().equals(state)) {
            assertThat(System.nanoTime()).as("backend " + index + " " + state).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
