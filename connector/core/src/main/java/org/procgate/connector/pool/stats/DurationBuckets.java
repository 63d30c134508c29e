package org.procgate.connector.pool.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.procgate.connector.api.DurationHistogram;

/**
 * Durations in the fixed buckets a Prometheus histogram exports (its client libraries' defaults,
 * widened to a minute for programs): lock-free and allocation-free to record.
 */
final class DurationBuckets {

    static final List<Double> BOUNDS_SECONDS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
    private static final long[] BOUNDS_NANOS = BOUNDS_SECONDS.stream().mapToLong(s -> Math.round(s * 1e9)).toArray();

    /** Per bucket, the durations in it alone; the last, past every bound. */
    private final LongAdder[] counts = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    DurationBuckets() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        int bucket = 0;
        while (bucket < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        counts[bucket].increment();
        sumNanos.add(nanos);
    }

    DurationHistogram snapshot() {
        List<Long> cumulative = new ArrayList<>(counts.length);
        long running = 0;
        for (LongAdder count : counts) {
            running += count.sum();
            cumulative.add(running);
        }
        return new DurationHistogram(BOUNDS_SECONDS, cumulative, sumNanos.sum() / 1e9);
    }
}
