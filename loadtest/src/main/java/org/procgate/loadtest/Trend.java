package org.procgate.loadtest;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Figures over a window of samples. */
final class Trend {

    private Trend() {
    }

    /** The least-squares slope of {@code value} per minute over the samples from {@code fromSecond} on. */
    static double slopePerMinute(List<Sample> samples, int fromSecond, ToDoubleFunction<Sample> value) {
        List<Sample> window = samples.stream().filter(s -> s.second() >= fromSecond).toList();
        if (window.size() < 2) {
            return 0;
        }
        double meanX = window.stream().mapToDouble(Sample::second).average().orElse(0);
        double meanY = window.stream().mapToDouble(value).average().orElse(0);
        double numerator = 0;
        double denominator = 0;
        for (Sample sample : window) {
            double dx = sample.second() - meanX;
            numerator += dx * (value.applyAsDouble(sample) - meanY);
            denominator += dx * dx;
        }
        return denominator == 0 ? 0 : numerator / denominator * 60;
    }

    /** The highest {@code value} of the samples in [from, to). */
    static double max(List<Sample> samples, int from, int to, ToDoubleFunction<Sample> value) {
        return samples.stream().filter(s -> s.second() >= from && s.second() < to).mapToDouble(value).max().orElse(0);
    }

    /** Successful requests a second over the seconds [from, to). */
    static double okPerSecond(Recorder recorder, int from, int to) {
        return recorder.all().values().stream().mapToDouble(s -> s.okPerSecond(from, to)).sum();
    }
}
