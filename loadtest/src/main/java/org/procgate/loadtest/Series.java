package org.procgate.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

/** Everything recorded for one class of requests: per second, and in all. */
final class Series {

    /** Latencies are kept in microseconds, up to ten minutes, to three significant digits. */
    private static final long MAX_MICROS = 600_000_000L;

    /**
     * One second of one class: the outcomes that ended in it and their latencies. Once the second
     * is well past, only its p99 is kept: a run of many minutes and classes then holds a few
     * histograms, not one per second.
     */
    static final class Second {
        final LongAdder ok = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder failed = new LongAdder();
        private Histogram latency = new Histogram(MAX_MICROS, 2);
        private double p99Millis;

        synchronized double p99Millis() {
            if (latency == null) {
                return p99Millis;
            }
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99) / 1000.0;
        }

        synchronized void record(long micros) {
            if (latency != null) {
                latency.recordValue(Math.min(micros, MAX_MICROS));
            }
        }

        /** Keeps the p99 and lets the histogram go. */
        synchronized void seal() {
            if (latency != null) {
                p99Millis = p99Millis();
                latency = null;
            }
        }
    }

    /** Seconds this far behind the newest are sealed: no answer is counted that late in its second. */
    private static final int SEAL_AFTER_SECONDS = 5;

    private final ConcurrentSkipListMap<Integer, Second> seconds = new ConcurrentSkipListMap<>();
    private final Histogram latency = new Histogram(MAX_MICROS, 3);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retryAfters = new ConcurrentHashMap<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * One outcome, in its second; its latency counts in the whole's percentiles only when
     * {@code measured} (a warm-up's latencies are the JIT's, not the server's).
     */
    void record(int second, long latencyMicros, Outcome outcome, String reason, String retryAfter, boolean measured) {
        Second bucket = seconds.computeIfAbsent(second, s -> {
            seconds.headMap(s - SEAL_AFTER_SECONDS).values().forEach(Second::seal);
            return new Second();
        });
        bucket.record(latencyMicros);
        if (measured) {
            synchronized (latency) {
                latency.recordValue(Math.min(latencyMicros, MAX_MICROS));
            }
        }
        switch (outcome) {
            case OK -> {
                ok.increment();
                bucket.ok.increment();
            }
            case REJECTED -> {
                rejected.increment();
                bucket.rejected.increment();
                retryAfters.computeIfAbsent(String.valueOf(retryAfter), r -> new LongAdder()).increment();
            }
            case FAILED -> {
                failed.increment();
                bucket.failed.increment();
                failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
            }
        }
    }

    Second second(int second) {
        Second bucket = seconds.get(second);
        return bucket != null ? bucket : new Second();
    }

    /** Successful requests a second over the seconds [from, to). */
    double okPerSecond(int from, int to) {
        long sum = 0;
        for (int second = from; second < to; second++) {
            sum += second(second).ok.sum();
        }
        return to > from ? (double) sum / (to - from) : 0;
    }

    long ok() {
        return ok.sum();
    }

    long rejected() {
        return rejected.sum();
    }

    long failed() {
        return failed.sum();
    }

    long total() {
        return ok() + rejected() + failed();
    }

    double percentileMillis(double percentile) {
        synchronized (latency) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Why requests failed, with how many each. */
    Map<String, Long> failures() {
        Map<String, Long> counts = new TreeMap<>();
        failures.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** The {@code Retry-After} values of rejected requests ("null": none), with how many each. */
    Map<String, Long> retryAfters() {
        Map<String, Long> counts = new TreeMap<>();
        retryAfters.forEach((value, count) -> counts.put(value, count.sum()));
        return counts;
    }
}
