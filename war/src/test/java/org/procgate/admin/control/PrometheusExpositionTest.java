package org.procgate.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.DurationHistogram;
import org.procgate.connector.api.PoolStatus;

class PrometheusExpositionTest {

    private static final List<Double> BOUNDS = List.of(0.01, 0.1, 1.0);

    static PoolStatus pool(String name, PoolStatus.State state) {
        return new PoolStatus(name, "fastcgi", state, "", 1, 4, Instant.ofEpochMilli(1_796_000_000_000L), 42, 3, 9, 1, 2, 3,
                4, 7, 2, new PoolStatus.FailureCounts(1, 2, 3, 4, 5, 6), 8, 1.5, 9.0,
                new DurationHistogram(BOUNDS, List.of(30L, 40L, 41L, 42L), 0.75),
                new DurationHistogram(BOUNDS, List.of(0L, 20L, 40L, 42L), 12.5), false, List.of(), List.of());
    }

    static String text(List<PoolStatus> pools) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusExposition.of(pools));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countersEndInTotalAndFailuresCarryEveryCause() throws IOException {
        String text = text(List.of(pool("hello", PoolStatus.State.RUNNING)));
        assertThat(text).contains("# TYPE procgate_requests_total counter",
                "procgate_requests_total{kind=\"fastcgi\",pool=\"hello\"} 42.0",
                "procgate_request_failures_total{cause=\"timeout\",kind=\"fastcgi\",pool=\"hello\"} 1.0",
                "procgate_request_failures_total{cause=\"worker_died\",kind=\"fastcgi\",pool=\"hello\"} 2.0",
                "procgate_request_failures_total{cause=\"protocol_error\",kind=\"fastcgi\",pool=\"hello\"} 3.0",
                "procgate_request_failures_total{cause=\"overloaded\",kind=\"fastcgi\",pool=\"hello\"} 4.0",
                "procgate_request_failures_total{cause=\"client_aborted\",kind=\"fastcgi\",pool=\"hello\"} 5.0",
                "procgate_request_failures_total{cause=\"other\",kind=\"fastcgi\",pool=\"hello\"} 6.0",
                "procgate_worker_restarts_total{kind=\"fastcgi\",pool=\"hello\"} 8.0",
                "procgate_queue_full_total{kind=\"fastcgi\",pool=\"hello\"} 7.0");
        assertThat(text).doesNotContain("pid=", "latency_mean");
    }

    @Test
    void durationsAreSecondsHistogramsWithCumulativeBuckets() throws IOException {
        String text = text(List.of(pool("hello", PoolStatus.State.RUNNING)));
        assertThat(text).contains("# TYPE procgate_wait_seconds histogram",
                "procgate_wait_seconds_bucket{kind=\"fastcgi\",pool=\"hello\",le=\"0.01\"} 30",
                "procgate_wait_seconds_bucket{kind=\"fastcgi\",pool=\"hello\",le=\"1.0\"} 41",
                "procgate_wait_seconds_bucket{kind=\"fastcgi\",pool=\"hello\",le=\"+Inf\"} 42",
                "procgate_wait_seconds_count{kind=\"fastcgi\",pool=\"hello\"} 42",
                "procgate_wait_seconds_sum{kind=\"fastcgi\",pool=\"hello\"} 0.75",
                "procgate_program_seconds_bucket{kind=\"fastcgi\",pool=\"hello\",le=\"0.1\"} 20");
    }

    @Test
    void theStateIsOneSeriesPerStateAndGaugesSayWhatIsNow() throws IOException {
        String text = text(List.of(pool("search", PoolStatus.State.DEGRADED)));
        assertThat(text).contains("procgate_pool_state{kind=\"fastcgi\",pool=\"search\",state=\"DEGRADED\"} 1.0",
                "procgate_pool_state{kind=\"fastcgi\",pool=\"search\",state=\"RUNNING\"} 0.0",
                "procgate_workers{kind=\"fastcgi\",pool=\"search\",state=\"active\"} 2.0",
                "procgate_workers{kind=\"fastcgi\",pool=\"search\",state=\"idle\"} 1.0",
                "procgate_queue_length{kind=\"fastcgi\",pool=\"search\"} 3.0",
                "procgate_workers_max{kind=\"fastcgi\",pool=\"search\"} 4.0");
    }

    @Test
    void aRemotePoolHasASeriesPerBackend() throws IOException {
        PoolStatus local = pool("php", PoolStatus.State.RUNNING);
        PoolStatus remote = new PoolStatus(local.name(), local.kind(), local.state(), "", 0, 4, local.startTime(), 42, 0, 0,
                1, 1, 2, 2, 0, 0, local.failures(), 0, 1, 2, local.waitSeconds(), local.programSeconds(), false,
                List.of(new BackendStatus("10.0.0.1:9000", true, 2, 30, 1, "up", 3, 2, 0.75,
                                new BackendStatus.HealthCheck(java.time.Instant.EPOCH, true, 4, "GET /ping 200")),
                        new BackendStatus("unix:/run/php/fpm.sock", false, 0, 12, 5)),
                List.of());
        String text = text(List.of(remote));
        assertThat(text).contains(
                "procgate_backend_requests_total{backend=\"10.0.0.1:9000\",kind=\"fastcgi\",pool=\"php\"} 30.0",
                "procgate_backend_failures_total{backend=\"unix:/run/php/fpm.sock\",kind=\"fastcgi\",pool=\"php\"} 5.0",
                "procgate_backend_up{backend=\"unix:/run/php/fpm.sock\",kind=\"fastcgi\",pool=\"php\"} 0.0",
                "procgate_backend_connections{backend=\"10.0.0.1:9000\",kind=\"fastcgi\",pool=\"php\"} 2.0",
                "procgate_backend_outstanding{backend=\"10.0.0.1:9000\",kind=\"fastcgi\",pool=\"php\"} 2.0",
                "procgate_backend_share{backend=\"10.0.0.1:9000\",kind=\"fastcgi\",pool=\"php\"} 0.75",
                "procgate_backend_check_seconds{backend=\"10.0.0.1:9000\",kind=\"fastcgi\",pool=\"php\"} 0.004")
                .doesNotContain("procgate_backend_check_seconds{backend=\"unix:/run/php/fpm.sock\"");
        assertThat(text(List.of(local))).doesNotContain("procgate_backend_requests_total{");
    }

    @Test
    void theShippedDashboardAndAlertsUseOnlyMetricsThatExist() throws IOException {
        String text = text(List.of(pool("hello", PoolStatus.State.RUNNING)));
        Set<String> exported = new TreeSet<>();
        Matcher series = Pattern.compile("(?m)^(procgate_[a-z_]+)[{ ]").matcher(text);
        while (series.find()) {
            exported.add(series.group(1));
        }
        Path monitoring = Path.of("..", "docs", "monitoring");
        for (String file : List.of("procgate-dashboard.json", "procgate-alerts.yml")) {
            Matcher used = Pattern.compile("procgate_[a-z_]+").matcher(Files.readString(monitoring.resolve(file)));
            while (used.find()) {
                assertThat(exported).as(file).contains(used.group());
            }
        }
    }

    @Test
    void theShippedAlertRulesPassPromtool() throws Exception {
        Path rules = Path.of("..", "docs", "monitoring", "procgate-alerts.yml");
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "rules", rules.toString()).redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS: 6 rules found");
    }
}
