package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Programs reach the database with libpq's variables only: a real psycopg2 client proves it. */
class PostgresProtocolTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String COUNT_SMITHS = "import psycopg2; c=psycopg2.connect(''); cur=c.cursor(); "
            + "cur.execute('SELECT COUNT(*) FROM records WHERE LOWER(name) LIKE %s', ('%smith%',)); "
            + "print(cur.fetchone()[0])";
    private static final String TIME_50_QUERIES = "import psycopg2, time; c=psycopg2.connect(''); c.autocommit=True; "
            + "cur=c.cursor(); cur.execute('SELECT 1'); s=time.monotonic()\n"
            + "for i in range(50): cur.execute('SELECT name FROM records WHERE id = %s', (i + 1,)); cur.fetchall()\n"
            + "print(time.monotonic() - s)";
    private static final long TIMEOUT_SECONDS = 20;

    @TempDir
    Path dataDir;

    @Test
    void psycopg2CountsWhatJdbcCounts() throws Exception {
        assumeTrue(python(List.of("-c", "import psycopg2"), Map.of(), dataDir.resolve("probe")).exitCode() == 0,
                PYTHON + " cannot import psycopg2 (install python3-psycopg2); skipping the PostgreSQL-protocol check");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseSettings(dataDir.resolve("db"), 0, 0, 2_000, 42L))) {
            long jdbcCount = EmbeddedDatabaseTest.count(database.dataSource(),
                    "SELECT COUNT(*) FROM records WHERE LOWER(name) LIKE '%smith%'");

            Result result = python(List.of("-c", COUNT_SMITHS), database.programEnvironment(), dataDir.resolve("query"));

            assertThat(result.exitCode()).as("python exit code; stderr: %s", result.stderr()).isZero();
            assertThat(result.stdout().strip()).isEqualTo(Long.toString(jdbcCount));
            assertThat(jdbcCount).as("the sample has Smiths to find").isPositive();
        }
    }

    /** Without TCP_NODELAY on the server every answer waited for a delayed ACK: 40 ms a query. */
    @Test
    void smallQueriesDoNotWaitForDelayedAcks() throws Exception {
        assumeTrue(python(List.of("-c", "import psycopg2"), Map.of(), dataDir.resolve("probe")).exitCode() == 0,
                PYTHON + " cannot import psycopg2 (install python3-psycopg2); skipping the PostgreSQL-protocol check");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseSettings(dataDir.resolve("db"), 0, 0, 100, 42L))) {
            Result result = python(List.of("-c", TIME_50_QUERIES), database.programEnvironment(), dataDir.resolve("timing"));

            assertThat(result.exitCode()).as("python exit code; stderr: %s", result.stderr()).isZero();
            // 50 queries with one 40 ms stall each would take 2 s; a loaded machine still does them in well under 1 s
            assertThat(Double.parseDouble(result.stdout().strip())).as("seconds for 50 queries").isLessThan(1.0);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs python with only the given variables and PATH, killing it after the timeout. */
    private static Result python(List<String> args, Map<String, String> variables, Path outputPrefix)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return new Result(-1, "", PYTHON + " not found");
        }
        Path stdout = Path.of(outputPrefix + ".out");
        Path stderr = Path.of(outputPrefix + ".err");
        ProcessBuilder builder = new ProcessBuilder(concat(PYTHON, args))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(variables);
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return new Result(-1, "", "killed after " + TIMEOUT_SECONDS + " s: " + Files.readString(stderr));
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }
}
