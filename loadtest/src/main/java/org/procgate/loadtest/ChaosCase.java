package org.procgate.loadtest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The mixed traffic while {@link Chaos} kills and stops workers of every FastCGI pool. Each harmed
 * worker held at most one request, so at most that many may fail; a stopped worker's request fails
 * with 504 after the pool's request timeout; requests to pools no one harms (the CGI search, the
 * admin API) all succeed; every pool is RUNNING again soon after.
 */
final class ChaosCase {

    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);
    private static final List<String> UNHARMED = List.of("cgi-search", "admin-status");

    private ChaosCase() {
    }

    static CaseReport run(Context context, Duration length) throws InterruptedException, IOException {
        List<String> pools = context.admin().pools().stream()
                .filter(p -> "fastcgi".equals(p.kind) && p.workers.stream().anyMatch(w -> w.pid > 0))
                .map(p -> p.name).toList();
        Recorder recorder = new Recorder(Checks.names(context.mix()), System.nanoTime());
        List<Sample> samples;
        Chaos chaos;
        try (ServerSampler sampler = new ServerSampler(context.target().pid(), recorder)) {
            try (Chaos harm = new Chaos(context.admin(), pools)) {
                chaos = harm;
                new OpenLoop(context.client(), recorder).run(context.mix(), length);
            }
            samples = sampler.samples();
        }
        double recovery = context.secondsUntilPoolsRun(RECOVERY_LIMIT);
        long bad = recorder.failed() + recorder.rejected();
        long timeouts = recorder.all().values().stream().mapToLong(s -> s.failures().getOrDefault("status 504", 0L)).sum();
        long unharmed = UNHARMED.stream().map(recorder::series)
                .mapToLong(s -> s.failed() + s.rejected()).sum();
        long unharmedTotal = UNHARMED.stream().map(recorder::series).mapToLong(Series::total).sum();
        int harmed = chaos.kills() + chaos.stops();
        return new CaseReport("chaos", Checks.format("%d s of mixed traffic; every second one worker of each of %s "
                + "killed (SIGKILL), every %d s one stopped (SIGSTOP)", length.toSeconds(), pools,
                Chaos.STOP_EVERY_SECONDS), recorder, samples, List.of(
                new Criterion("failed requests against the workers harmed (each holds at most one request)",
                        Checks.format("%d failed of %d; %d killed (%d busy when killed), %d stopped (%d busy)", bad,
                                recorder.total(), chaos.kills(), chaos.busyKills(), chaos.stops(), chaos.busyStops()),
                        "at most " + harmed, bad <= harmed),
                new Criterion("requests timed out (504) against the workers stopped", timeouts + " of " + chaos.stops()
                        + " stopped", "at most " + chaos.stops(), timeouts <= chaos.stops()),
                Checks.noErrors("failed requests to pools no one harmed " + UNHARMED, unharmed, unharmedTotal),
                new Criterion("every pool RUNNING after the chaos", recovery < 0 ? "not within "
                        + RECOVERY_LIMIT.toSeconds() + " s" : Checks.format("after %.1f s", recovery),
                        "within " + RECOVERY_LIMIT.toSeconds() + " s", recovery >= 0),
                new Criterion("the chaos ran to the end", chaos.problem() == null ? "yes" : chaos.problem(), "yes",
                        chaos.problem() == null)));
    }
}
