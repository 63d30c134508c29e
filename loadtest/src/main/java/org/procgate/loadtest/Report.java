package org.procgate.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what the cases measured: per case a CSV of the server and the requests second by second
 * ({@code <case>.csv}, for the plots), and {@code summary.md}, the tables the documentation shows.
 */
final class Report {

    private Report() {
    }

    static void write(Path directory, List<CaseReport> cases) throws IOException {
        Files.createDirectories(directory);
        for (CaseReport report : cases) {
            Files.write(directory.resolve(report.name() + ".csv"), timeline(report));
        }
        Files.writeString(directory.resolve("summary.md"), summary(cases));
    }

    static List<String> timeline(CaseReport report) {
        StringBuilder header = new StringBuilder(Sample.CSV_HEADER);
        report.recorder().all().keySet().forEach(name ->
                header.append(',').append(name).append("_ok,").append(name).append("_refused,")
                        .append(name).append("_failed,").append(name).append("_p99_ms"));
        List<String> lines = new ArrayList<>();
        lines.add(header.toString());
        for (Sample sample : report.samples()) {
            StringBuilder line = new StringBuilder(sample.csv());
            for (Series series : report.recorder().all().values()) {
                Series.Second second = series.second(sample.second());
                line.append(',').append(second.ok.sum()).append(',').append(second.rejected.sum()).append(',')
                        .append(second.failed.sum()).append(',')
                        .append(Checks.format("%.1f", second.p99Millis()));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static String summary(List<CaseReport> cases) {
        StringBuilder text = new StringBuilder();
        for (CaseReport report : cases) {
            text.append("#### ").append(report.name()).append(": ").append(report.met() ? "met" : "MISSED").append("\n\n")
                    .append(report.summary()).append(".\n\n")
                    .append("| promise | measured | bound | |\n|---|---|---|---|\n");
            for (Criterion criterion : report.criteria()) {
                text.append("| ").append(criterion.name()).append(" | ").append(criterion.measured()).append(" | ")
                        .append(criterion.limit()).append(" | ").append(criterion.met() ? "met" : "**missed**").append(" |\n");
            }
            text.append("\n| requests | sent | ok | refused (503) | failed | p50 ms | p99 ms | p99.9 ms | max ms |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            for (Map.Entry<String, Series> entry : report.recorder().all().entrySet()) {
                Series series = entry.getValue();
                text.append(Checks.format("| %s | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |\n", entry.getKey(),
                        series.total(), series.ok(), series.rejected(), series.failed(), series.percentileMillis(50),
                        series.percentileMillis(99), series.percentileMillis(99.9), series.percentileMillis(100)));
            }
            String failures = failures(report);
            if (!failures.isEmpty()) {
                text.append("\nFailures by cause: ").append(failures).append(".\n");
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String failures(CaseReport report) {
        List<String> parts = new ArrayList<>();
        report.recorder().all().forEach((name, series) ->
                series.failures().forEach((reason, count) -> parts.add(name + " " + count + " × " + reason)));
        return String.join("; ", parts);
    }
}
