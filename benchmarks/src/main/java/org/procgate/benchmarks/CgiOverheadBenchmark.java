package org.procgate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.settings.Accelerator;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;

/**
 * The cost procgate adds to a CGI request: one request through a {@link CgiPool} (slot, script
 * lookup, environment, setsid, stdin/stdout/stderr handling, response parsing, deadline, cleanup of
 * the process group) against a bare {@link ProcessBuilder} fork/exec of the same script whose
 * stdout is read to its end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CgiOverheadBenchmark {

    private static final Map<String, String> SCRIPTS = Map.of(
            "sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhello\\n'\n",
            "python", "#!/usr/bin/python3 -S\nimport sys\nsys.stdout.write('Content-Type: text/plain\\n\\nhello\\n')\n",
            "search", "#!/usr/bin/python3\nimport sys, json, re, collections, datetime, urllib.parse, psycopg2\n"
                    + "sys.stdout.write('Content-Type: application/json\\n\\n' + json.dumps({'items': []}) + '\\n')\n");
    /** What the search script imports: the modules the Python accelerator preloads. */
    private static final List<String> SEARCH_MODULES = List.of("json", "re", "collections", "datetime", "urllib.parse", "psycopg2");

    @Param({"sh", "python", "search"})
    public String script;

    private Path dir;
    private Path file;
    private PoolThreads executors;
    private CgiPool pool;
    private CgiPool sharedSessionPool;
    private CgiPool forkHelperPool;
    private CgiPool pythonAcceleratedPool;
    private ProgramRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("procgate-bench-");
        // scripts run as the pool's user (nobody when the benchmark runs as root): they must reach the script
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        file = dir.resolve("hello." + script);
        Files.writeString(file, SCRIPTS.get(script));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        executors = PoolThreads.ownThreads();
        pool = new CgiPool(settings("bench", CgiSettings.defaults().withScriptRoot(dir)), executors);
        sharedSessionPool = new CgiPool(settings("bench-shared-session", new CgiSettings(dir,
                CgiSettings.defaults().allowedMethods(), false, CgiSettings.defaults().searchArgumentPattern(), false, false, 0, 0, 0,
                false)), executors);
        forkHelperPool = new CgiPool(settings("bench-fork", CgiSettings.defaults().withScriptRoot(dir)
                .withAccelerator(Accelerator.FORK, List.of())), executors);
        pythonAcceleratedPool = new CgiPool(settings("bench-python", CgiSettings.defaults().withScriptRoot(dir)
                .withAccelerator(Accelerator.PYTHON, SEARCH_MODULES)), executors);
        request = ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello." + script)
                .header("User-Agent", "jmh").header("Accept", "*/*").build();
    }

    private static PoolSettings settings(String name, CgiSettings cgi) {
        return new PoolSettings(name, PoolKind.CGI, List.of(), null, Map.of(), 4,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 1 << 20, 1 << 20, 8192, 8192,
                PoolSettings.ALL_HEADERS, false, Duration.ofSeconds(1), Duration.ofSeconds(5),
                FastCgiSettings.defaults(), cgi);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        sharedSessionPool.close();
        forkHelperPool.close();
        pythonAcceleratedPool.close();
        executors.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public ProgramResponse procgate() throws ProgramException {
        return ok(pool.execute(request));
    }

    /** A pool with {@code ownSession=false}: no setsid; a timeout ends the script and the children under it. */
    @Benchmark
    public ProgramResponse procgateSharedSession() throws ProgramException {
        return ok(sharedSessionPool.execute(request));
    }

    /** {@code accelerator=fork}: the pool's launcher forks, setsid()s and executes the script; no exec of setsid. */
    @Benchmark
    public ProgramResponse procgateForkHelper() throws ProgramException {
        return ok(forkHelperPool.execute(request));
    }

    /** {@code accelerator=python}: Python scripts run in the launcher's forked child, the search's modules preloaded. */
    @Benchmark
    public ProgramResponse procgatePythonAccelerated() throws ProgramException {
        return ok(pythonAcceleratedPool.execute(request));
    }

    private static ProgramResponse ok(ProgramResponse response) {
        if (response.status() != 200) {
            throw new IllegalStateException("status " + response.status());
        }
        return response;
    }

    @Benchmark
    public byte[] bareForkExec() throws IOException, InterruptedException {
        return forkExec(file.toString());
    }

    /** The same through setsid, which procgate needs so that a timeout can kill the whole tree. */
    @Benchmark
    public byte[] bareForkExecInOwnSession() throws IOException, InterruptedException {
        return forkExec("/usr/bin/setsid", file.toString());
    }

    private static byte[] forkExec(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        byte[] output;
        try (InputStream stdout = process.getInputStream()) {
            output = stdout.readAllBytes();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("script did not exit");
        }
        return output;
    }
}
