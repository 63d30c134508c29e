package org.procgate.loadtest;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ten times what a pool can serve, for a while, against the pool {@code rel-steady} of
 * bench/reliability-pools.xml (four workers, 50 ms a request, a 500 ms borrow wait). First its
 * peak is measured with as many clients as it has workers, four times over, each waiting for its
 * answer (closed loop). Then: the latency of every request bounded by the borrow wait, every
 * refusal a 503 with {@code Retry-After}, the pool serving at least 90 % of its peak throughout,
 * and full service again within 5 s of the load's end.
 */
final class OverloadCase {

    static final String PATH = "fcgi/rel-steady/work?ms=50";
    static final Duration BORROW_WAIT = Duration.ofMillis(500);
    static final Duration SERVICE = Duration.ofMillis(50);
    /** What the server may add to the borrow wait and one request's work: its own queues and scheduling. */
    static final Duration SLACK = Duration.ofMillis(150);
    static final int PEAK_CLIENTS = 16;
    static final double OVERLOAD = 10;
    static final double AFTER = 0.8;
    static final Duration AFTER_LENGTH = Duration.ofSeconds(10);
    static final int RECOVERY_LIMIT_SECONDS = 5;

    private OverloadCase() {
    }

    static CaseReport run(Context context, Duration length, Duration peakLength) throws InterruptedException {
        double peak = peak(context, peakLength);
        Traffic overload = new Traffic("overload", OVERLOAD * peak, () -> context.target().request(PATH).GET().build(),
                AnswerCheck.okStartingWith("done"));
        Traffic after = new Traffic("after", AFTER * peak, overload.requests(), overload.check());
        Recorder recorder = new Recorder(List.of(overload.name(), after.name()), System.nanoTime());
        List<Sample> samples;
        int afterStart;
        try (ServerSampler sampler = new ServerSampler(context.target().pid(), recorder)) {
            OpenLoop loop = new OpenLoop(context.client(), recorder);
            loop.run(List.of(overload), length);
            afterStart = recorder.second(System.nanoTime()) + 1;
            loop.run(List.of(after), AFTER_LENGTH);
            samples = sampler.samples();
        }
        int end = (int) length.toSeconds();
        Series over = recorder.series(overload.name());
        double served = over.okPerSecond(1, end);
        double p99 = over.percentileMillis(99);
        long p99Limit = BORROW_WAIT.plus(SERVICE).plus(SLACK).toMillis();
        Map<String, Long> retryAfters = over.retryAfters();
        long withoutRetryAfter = retryAfters.getOrDefault("null", 0L);
        int recovery = recovery(recorder.series(after.name()), afterStart, after.perSecond());
        return new CaseReport("overload", Checks.format("peak %.0f req/s (%d clients, closed loop); then %.0f req/s "
                + "for %d s, then %.0f req/s for %d s", peak, PEAK_CLIENTS, overload.perSecond(), end, after.perSecond(),
                AFTER_LENGTH.toSeconds()), recorder, samples, List.of(
                new Criterion("p99 latency under overload, from when each request was due",
                        Checks.format("%.0f ms (p50 %.0f ms, max %.0f ms)", p99, over.percentileMillis(50),
                                over.percentileMillis(100)),
                        "at most " + p99Limit + " ms (borrow wait + one request's work + " + SLACK.toMillis() + " ms)",
                        p99 <= p99Limit),
                Checks.noErrors("answers other than 200 or 503 under overload", over.failed(), over.total()),
                new Criterion("refusals with Retry-After", (over.rejected() - withoutRetryAfter) + " of "
                        + over.rejected() + " (values " + retryAfters + ")", "all", withoutRetryAfter == 0),
                new Criterion("throughput under overload against the peak", Checks.format("%.0f req/s: %.2f", served,
                        served / peak), "at least 0.90", served >= 0.9 * peak),
                new Criterion("full service after the overload ends", recovery < 0 ? "not within "
                        + AFTER_LENGTH.toSeconds() + " s" : "from second " + recovery,
                        "within " + RECOVERY_LIMIT_SECONDS + " s", recovery >= 0 && recovery <= RECOVERY_LIMIT_SECONDS)));
    }

    /** Requests a second the pool serves to clients that each wait for their answer. */
    private static double peak(Context context, Duration length) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < PEAK_CLIENTS; i++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<Void> response = context.client().send(context.target().request(PATH).GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (IOException e) {
                        // counted as not served
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peak-client-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join(length.toMillis() + OpenLoop.REQUEST_TIMEOUT.toMillis());
        }
        return ok.get() / (length.toNanos() / 1e9);
    }

    /**
     * Seconds from the overload's end until every second serves all it is offered (90 % of the
     * rate, nothing refused or failed) from then on; -1 if that never happens.
     */
    private static int recovery(Series after, int start, double rate) {
        int end = start + (int) AFTER_LENGTH.toSeconds() - 1;
        int recovered = -1;
        for (int second = start; second < end; second++) {
            Series.Second bucket = after.second(second);
            boolean full = bucket.ok.sum() >= 0.9 * rate && bucket.rejected.sum() + bucket.failed.sum() == 0;
            if (!full) {
                recovered = -1;
            } else if (recovered < 0) {
                recovered = second - start;
            }
        }
        return recovered;
    }
}
