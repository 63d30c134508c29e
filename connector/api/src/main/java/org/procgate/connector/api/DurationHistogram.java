package org.procgate.connector.api;

import java.io.Serializable;
import java.util.List;

/**
 * Durations counted in fixed buckets, cumulatively as Prometheus histograms are: bucket {@code i}
 * counts the durations of at most {@code upperBoundsSeconds[i]}, and the last count, past the last
 * bound ({@code +Inf}), counts them all.
 *
 * @param upperBoundsSeconds the buckets' upper bounds, rising
 * @param cumulativeCounts   per bound, the durations up to it; one more at the end: all of them
 * @param sumSeconds         the durations' sum
 */
public record DurationHistogram(List<Double> upperBoundsSeconds, List<Long> cumulativeCounts, double sumSeconds)
        implements Serializable {

    public DurationHistogram {
        upperBoundsSeconds = List.copyOf(upperBoundsSeconds);
        cumulativeCounts = List.copyOf(cumulativeCounts);
        if (cumulativeCounts.size() != upperBoundsSeconds.size() + 1) {
            throw new IllegalArgumentException("one count per bound and one for +Inf");
        }
    }

    /** How many durations were counted. */
    public long count() {
        return cumulativeCounts.get(cumulativeCounts.size() - 1);
    }
}
