package org.procgate.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records how the suite did on this run's server and rewrites the server matrix from the results
 * of every server run in this build. Registered as a JUnit Platform listener, so it also counts a
 * run whose server never started (every test then fails).
 */
public final class ServerMatrixListener implements TestExecutionListener {

    // Set by DeployedProcgate in the same JVM; one server per JVM.
    private static volatile String serverName;
    private static volatile boolean externalDatabase;
    private static volatile Duration startup;

    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private long planStarted;

    static void describe(String name, boolean external) {
        serverName = name;
        externalDatabase = external;
    }

    static void startedIn(Duration duration) {
        startup = duration;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        planStarted = System.nanoTime();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            skipped.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed.incrementAndGet();
                // an assumption that did not hold: the test says why it does not apply here
                case ABORTED -> skipped.incrementAndGet();
                default -> failed.incrementAndGet();
            }
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && test.getParentId().isPresent()) {
            // a class that failed before its tests ran (the server did not start): count it once
            failed.incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String server = System.getProperty("procgate.server");
        String resultsDir = System.getProperty("procgate.results.dir");
        if (server == null || resultsDir == null) {
            return;
        }
        try {
            write(Path.of(resultsDir), server, Duration.ofNanos(System.nanoTime() - planStarted));
            ServerMatrix.rewrite(Path.of(resultsDir), Path.of(System.getProperty("procgate.matrix")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the server matrix", e);
        }
    }

    private void write(Path resultsDir, String server, Duration total) throws IOException {
        Files.createDirectories(resultsDir);
        Properties results = new Properties();
        results.setProperty("id", server + (externalDatabase ? "-external-db" : ""));
        results.setProperty("server", serverName == null ? server : serverName.strip());
        results.setProperty("database", externalDatabase ? "external (H2 server)" : "embedded H2");
        results.setProperty("passed", Integer.toString(passed.get()));
        results.setProperty("failed", Integer.toString(failed.get()));
        results.setProperty("skipped", Integer.toString(skipped.get()));
        results.setProperty("startSeconds", startup == null ? "-" : Long.toString(startup.toSeconds()));
        results.setProperty("totalSeconds", Long.toString(total.toSeconds()));
        results.setProperty("date", LocalDate.now().toString());
        Path file = resultsDir.resolve(results.getProperty("id") + ".properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            results.store(out, "system tests on " + results.getProperty("server"));
        }
    }

    static List<Properties> readAll(Path resultsDir) throws IOException {
        List<Properties> all = new ArrayList<>();
        try (var files = Files.list(resultsDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
                Properties results = new Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    results.load(in);
                }
                all.add(results);
            }
        }
        return all;
    }
}
