package org.procgate.connector.threads;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits on a monitor: every wait of procgate ends, at the latest, when its limit passes. */
public final class Waits {

    private Waits() {
    }

    /**
     * Waits on {@code monitor} until {@code done} holds or {@code limit} has passed, whichever
     * comes first; whoever makes {@code done} true notifies the monitor. An interrupt ends the wait
     * and is kept.
     */
    public static void until(Object monitor, BooleanSupplier done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (monitor) {
            long left;
            while (!done.getAsBoolean() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    monitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
