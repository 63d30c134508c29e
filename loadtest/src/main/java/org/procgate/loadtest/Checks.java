package org.procgate.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The criteria the cases share, and their wording. */
final class Checks {

    /** Tolerance of the "back to the warm-up level" checks: 10 %, and at least this many. */
    private static final int LEVEL_SLACK = 5;

    private Checks() {
    }

    static Criterion noErrors(String what, long bad, long total) {
        return new Criterion(what, bad + " of " + total, "0", bad == 0);
    }

    /** The highest value in the last 10 s of the load within 10 % of the highest in the 10 s after warm-up. */
    static Criterion backToLevel(String what, List<Sample> samples, int from, int end, ToDoubleFunction<Sample> value) {
        double level = Trend.max(samples, from, from + 10, value);
        double last = Trend.max(samples, end - 10, end, value);
        double limit = Math.max(level * 1.1, level + LEVEL_SLACK);
        return new Criterion(what + " in the last 10 s against the 10 s after warm-up",
                format("%.0f against %.0f", last, level), format("at most %.0f", limit), last <= limit);
    }

    static double offered(List<Traffic> traffic) {
        return traffic.stream().mapToDouble(Traffic::perSecond).sum();
    }

    static List<String> names(List<Traffic> traffic) {
        return traffic.stream().map(Traffic::name).toList();
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
