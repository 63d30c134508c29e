package org.procgate.loadtest;

import java.time.Duration;
import java.util.List;

/**
 * Mixed traffic for a while. After the warm-up: no error, resident memory flat (judged over five
 * minutes or more), descriptors and threads at the end within their level just after warm-up, and
 * every window serving as much as the first.
 */
final class SoakCase {

    private SoakCase() {
    }

    static CaseReport run(Context context, Duration length, Duration warmup, Duration window) throws InterruptedException {
        Recorder recorder = new Recorder(Checks.names(context.mix()), System.nanoTime(), (int) warmup.toSeconds());
        List<Sample> samples;
        try (ServerSampler sampler = new ServerSampler(context.target().pid(), recorder)) {
            new OpenLoop(context.client(), recorder).run(context.mix(), length);
            samples = sampler.samples();
        }
        int from = (int) warmup.toSeconds();
        int end = (int) length.toSeconds();
        int step = (int) window.toSeconds();
        double slope = Trend.slopePerMinute(samples, from, s -> s.rssKb() / 1024.0);
        boolean judgeSlope = end - from >= 300;
        double first = Trend.okPerSecond(recorder, from, from + step);
        double worst = 1;
        for (int start = from + step; start + step <= end; start += step) {
            worst = Math.min(worst, Trend.okPerSecond(recorder, start, start + step) / first);
        }
        return new CaseReport("soak", Checks.format("%d s of mixed traffic at %.0f requests a second, judged (and "
                + "latencies counted) after a %d s warm-up", end, Checks.offered(context.mix()), from), recorder, samples, List.of(
                Checks.noErrors("failed or refused requests", recorder.failed() + recorder.rejected(), recorder.total()),
                new Criterion("resident memory slope after warm-up", Checks.format("%.2f MB/min", slope),
                        judgeSlope ? "under 1 MB/min" : "judged in runs of 5 min or more", !judgeSlope || slope < 1),
                Checks.backToLevel("open descriptors", samples, from, end, Sample::fds),
                Checks.backToLevel("threads", samples, from, end, Sample::threads),
                new Criterion("throughput of every " + step + " s against the first after warm-up",
                        Checks.format("worst %.3f of %.1f req/s", worst, first), "at least 0.9", worst >= 0.9)));
    }
}
