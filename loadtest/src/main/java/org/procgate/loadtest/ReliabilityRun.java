package org.procgate.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reliability run against a running procgate (bench/reliability-run.sh starts one and calls
 * this): the soak, chaos and overload cases in turn, their figures written to a directory. Exits
 * with 1 when a case missed a promise, 2 on bad arguments.
 *
 * <pre>
 * java -jar loadtest.jar --base http://127.0.0.1:8080/procgate/ --operator admin:secret --pid 1234 \
 *      --queries bench/selective-queries.txt --out target/reliability \
 *      [--cases soak,chaos,overload] [--soak 600] [--warmup 60] [--window 60] [--chaos 120] \
 *      [--overload 60] [--peak 10]
 * </pre>
 */
public final class ReliabilityRun {

    private ReliabilityRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options == null || !options.keySet().containsAll(List.of("base", "operator", "pid", "queries", "out"))) {
            System.err.println("usage: --base URL --operator USER:PASSWORD --pid PID --queries FILE --out DIRECTORY "
                    + "[--cases soak,chaos,overload] [--soak S] [--warmup S] [--window S] [--chaos S] [--overload S] [--peak S]");
            System.exit(2);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Target target = new Target(URI.create(options.get("base")), options.get("operator"), Long.parseLong(options.get("pid")));
        List<String> queries = Files.readAllLines(Path.of(options.get("queries"))).stream().filter(q -> !q.isBlank()).toList();
        Context context = new Context(client, target, new Admin(client, target), Mix.of(target, queries));
        List<CaseReport> reports = new ArrayList<>();
        for (String name : options.getOrDefault("cases", "soak,chaos,overload").split(",")) {
            CaseReport report = run(context, name, options);
            reports.add(report);
            System.out.println(Report.summary(List.of(report)));
        }
        Report.write(Path.of(options.get("out")), reports);
        executor.shutdownNow();
        System.exit(reports.stream().allMatch(CaseReport::met) ? 0 : 1);
    }

    private static CaseReport run(Context context, String name, Map<String, String> options) throws InterruptedException {
        System.out.println("reliability: " + name);
        try {
            return switch (name) {
                case "soak" -> SoakCase.run(context, seconds(options, "soak", 600), seconds(options, "warmup", 60),
                        seconds(options, "window", 60));
                case "chaos" -> ChaosCase.run(context, seconds(options, "chaos", 120));
                case "overload" -> OverloadCase.run(context, seconds(options, "overload", 60), seconds(options, "peak", 10));
                default -> throw new IllegalArgumentException("no case named " + name);
            };
        } catch (IOException | RuntimeException e) {
            return new CaseReport(name, "did not run", new Recorder(List.of(), System.nanoTime()), List.of(),
                    List.of(new Criterion("the case ran", e.toString(), "ran", false)));
        }
    }

    private static Duration seconds(Map<String, String> options, String name, int otherwise) {
        return Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, Integer.toString(otherwise))));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return null;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
