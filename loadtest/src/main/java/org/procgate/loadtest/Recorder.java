package org.procgate.loadtest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcomes of one case, per class of requests, on a clock that starts with the case. */
final class Recorder {

    private final Map<String, Series> series = new LinkedHashMap<>();
    private final long originNanos;
    private final int latenciesFrom;

    Recorder(List<String> classes, long originNanos) {
        this(classes, originNanos, 0);
    }

    /** A recorder whose overall latency percentiles leave out the first {@code latenciesFrom} seconds. */
    Recorder(List<String> classes, long originNanos, int latenciesFrom) {
        classes.forEach(name -> series.put(name, new Series()));
        this.originNanos = originNanos;
        this.latenciesFrom = latenciesFrom;
    }

    void record(String traffic, long dueNanos, long endNanos, Outcome outcome, String reason, String retryAfter) {
        Series one = series.get(traffic);
        if (one == null) {
            throw new IllegalArgumentException("no class of requests named " + traffic);
        }
        int second = second(endNanos);
        one.record(second, (endNanos - dueNanos) / 1000, outcome, reason, retryAfter, second >= latenciesFrom);
    }

    /** The whole second of the case this moment falls in. */
    int second(long nanos) {
        return (int) ((nanos - originNanos) / 1_000_000_000L);
    }

    long originNanos() {
        return originNanos;
    }

    Series series(String traffic) {
        return series.get(traffic);
    }

    Map<String, Series> all() {
        return series;
    }

    long failed() {
        return series.values().stream().mapToLong(Series::failed).sum();
    }

    long rejected() {
        return series.values().stream().mapToLong(Series::rejected).sum();
    }

    long total() {
        return series.values().stream().mapToLong(Series::total).sum();
    }
}
