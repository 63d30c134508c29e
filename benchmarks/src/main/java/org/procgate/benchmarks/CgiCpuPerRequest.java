package org.procgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.settings.Accelerator;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.PoolThreads;

/**
 * CPU per CGI request and requests per second, one client, for the search script (Python with
 * json, re, collections, datetime, urllib.parse and psycopg2 imported, as samples/cgi-bin's
 * search does before it queries) and a one-line sh script, in each mode: executed from the server, forked by the
 * launcher ({@code fork}), run in the launcher's child ({@code python}). CPU is counted from
 * /proc for exactly the processes involved, so other work on the machine does not count: the
 * server JVM, the scripts it reaped, the launcher and the children it reaped.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar org.procgate.benchmarks.CgiCpuPerRequest [requests]}
 */
public final class CgiCpuPerRequest {

    private static final long TICKS_PER_SECOND = 100;
    private static final Map<String, String> SCRIPTS = Map.of(
            "search.py", "#!/usr/bin/python3\nimport sys, json, re, collections, datetime, urllib.parse, psycopg2\n"
                    + "sys.stdout.write('Content-Type: application/json\\n\\n' + json.dumps({'items': []}) + '\\n')\n",
            "hello.py", "#!/usr/bin/python3 -S\nimport sys\nsys.stdout.write('Content-Type: text/plain\\n\\nhello\\n')\n",
            "hello.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhello\\n'\n");
    private static final List<String> MODULES = List.of("json", "re", "collections", "datetime", "urllib.parse", "psycopg2");

    private CgiCpuPerRequest() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("procgate-cpu-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Map.Entry<String, String> script : SCRIPTS.entrySet()) {
            Path file = dir.resolve(script.getKey());
            Files.writeString(file, script.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        System.out.printf("%-10s %-8s %10s %14s%n", "script", "mode", "req/s", "CPU/request");
        try (PoolThreads threads = PoolThreads.ownThreads()) {
            for (String script : List.of("search.py", "hello.py", "hello.sh")) {
                for (Accelerator mode : Accelerator.values()) {
                    measure(dir, script, mode, requests, threads);
                }
            }
        } finally {
            for (String script : SCRIPTS.keySet()) {
                Files.deleteIfExists(dir.resolve(script));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void measure(Path dir, String script, Accelerator mode, int requests, PoolThreads threads)
            throws ProgramException, IOException {
        CgiSettings cgi = CgiSettings.defaults().withScriptRoot(dir)
                .withAccelerator(mode, mode == Accelerator.PYTHON ? MODULES : List.of());
        PoolSettings settings = new PoolSettings("cpu-" + mode.name().toLowerCase(), PoolKind.CGI, List.of(), null, Map.of(), 4,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 1 << 20, 1 << 20, 8192, 8192, PoolSettings.ALL_HEADERS, false,
                Duration.ofSeconds(1), Duration.ofSeconds(5), FastCgiSettings.defaults(), cgi);
        ProgramRequest request = ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).build();
        try (CgiPool pool = new CgiPool(settings, threads)) {
            for (int i = 0; i < requests / 5; i++) {
                pool.execute(request);
            }
            long launcher = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("launcher.py")).mapToLong(ProcessHandle::pid)
                    .findFirst().orElse(0);
            long cpuBefore = ticks(ProcessHandle.current().pid()) + (launcher > 0 ? ticks(launcher) : 0);
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                if (pool.execute(request).status() != 200) {
                    throw new IllegalStateException("not 200");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = ticks(ProcessHandle.current().pid()) + (launcher > 0 ? ticks(launcher) : 0) - cpuBefore;
            System.out.printf("%-10s %-8s %10.1f %11.2f ms%n", script, mode.name().toLowerCase(), requests / seconds,
                    cpu * 1000.0 / TICKS_PER_SECOND / requests);
        }
    }

    /** utime + stime + cutime + cstime of a process, in clock ticks: its own CPU and that of the children it reaped. */
    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
}
