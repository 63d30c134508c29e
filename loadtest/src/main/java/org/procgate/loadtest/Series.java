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

    /** One second of one class: the outcomes that ended in it and their latencies. */
    static final class Second {
        final LongAdder ok = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder failed = new LongAdder();
        private final Histogram latency = new Histogram(MAX_MICROS, 3);

        synchronized double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        synchronized void record(long micros) {
            latency.recordValue(Math.min(micros, MAX_MICROS));
        }
    }

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
        Second bucket = seconds.computeIfAbsent(second, s -> new Second());
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
