package org.procgate.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * docs/server-matrix.md: one row per server run of the last build, in a fixed server order. The
 * same table replaces whatever stands between the matrix markers in the README.
 */
final class ServerMatrix {

    static final String START_MARKER = "<!-- server-matrix:start (written by the build) -->";
    static final String END_MARKER = "<!-- server-matrix:end -->";

    private static final List<String> ORDER = List.of("payara-micro", "payara-micro-external-db", "payara-server",
            "glassfish", "wildfly", "open-liberty");

    private ServerMatrix() {
    }

    static void rewrite(Path resultsDir, Path matrix) throws IOException {
        List<Properties> rows = ServerMatrixListener.readAll(resultsDir).stream()
                .sorted(Comparator.comparingInt(ServerMatrix::position)).toList();
        String table = table(rows);
        Files.createDirectories(matrix.getParent());
        Files.writeString(matrix, "# Server matrix\n\n"
                + "Written by the build (`systemtest`, `./procgate test`): the same black-box suite against the same\n"
                + "EAR on each Jakarta EE 10 server, and against the RAR + WAR on Payara Micro. Start is boot plus\n"
                + "deployment until procgate answers; total includes start, the suite and the stop.\n\n" + table,
                StandardCharsets.UTF_8);
        Path readme = matrix.getParent().getParent().resolve("README.md");
        if (Files.exists(readme)) {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            int start = text.indexOf(START_MARKER);
            int end = text.indexOf(END_MARKER);
            if (start >= 0 && end > start) {
                Files.writeString(readme, text.substring(0, start + START_MARKER.length()) + "\n" + table
                        + text.substring(end), StandardCharsets.UTF_8);
            }
        }
    }

    private static String table(List<Properties> rows) {
        StringBuilder text = new StringBuilder()
                .append("| server | database | result | passed | failed | skipped | start s | total s | date |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Properties row : rows) {
            boolean green = "0".equals(row.getProperty("failed")) && !"0".equals(row.getProperty("passed"));
            text.append("| ").append(row.getProperty("server"))
                    .append(" | ").append(row.getProperty("database"))
                    .append(" | ").append(green ? "pass" : "**FAIL**")
                    .append(" | ").append(row.getProperty("passed"))
                    .append(" | ").append(row.getProperty("failed"))
                    .append(" | ").append(row.getProperty("skipped"))
                    .append(" | ").append(row.getProperty("startSeconds"))
                    .append(" | ").append(row.getProperty("totalSeconds"))
                    .append(" | ").append(row.getProperty("date"))
                    .append(" |\n");
        }
        return text.toString();
    }

    private static int position(Properties row) {
        int index = ORDER.indexOf(row.getProperty("id"));
        return index < 0 ? ORDER.size() : index;
    }
}
