package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two procgate nodes ({@code ./procgate run} with {@code PROCGATE_CLUSTER}) clustered through
 * Payara's data grid on loopback, nginx in front of both: each node's admin API shows both
 * nodes' pools, an action on the other node's pool reaches it with the operator's credentials
 * (and needs them), nothing listens on all interfaces, and a node killed under load loses at most
 * the requests it had in flight, then leaves the other node's view.
 */
class ClusterIT {

    private static final Path TARGET = Path.of(System.getProperty("procgate.war")).getParent();
    private static final String PASSWORD = "cluster-operator-1234";
    private static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
    private static final int CLIENTS = 8;
    private static final Jsonb JSON = JsonbBuilder.create();

    private Path work;
    private final List<AutoCloseable> started = new java.util.ArrayList<>();

    @Test
    void twoNodesShowEachOthersPoolsActOnEachOtherAndSurviveALostNode() throws Exception {
        work = RunDirectory.create(TARGET, "cluster-it-");
        int portA = ProcgateRun.freePort();
        int portB = ProcgateRun.freePort();
        int gridA = ProcgateRun.freePort();
        int gridB = ProcgateRun.freePort();
        String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        ProcgateRun a = node("a", portA, gridA, members);
        ProcgateRun b = node("b", portB, gridB, members);
        a.awaitReady(Duration.ofSeconds(180));
        b.awaitReady(Duration.ofSeconds(180));
        Http httpA = new Http("http://127.0.0.1:" + portA + "/procgate/");
        Http httpB = new Http("http://127.0.0.1:" + portB + "/procgate/");
        String nodeA = "127.0.0.1:" + portA;
        String nodeB = "127.0.0.1:" + portB;

        List<Map<String, Object>> view = awaitNodes(httpA, 2, Duration.ofSeconds(90));
        assertThat(view).extracting(n -> n.get("node")).containsExactly(nodeA, nodeB);
        assertThat(view.get(0)).containsEntry("self", true);
        assertThat(view.get(1)).containsEntry("self", false).containsEntry("url", "http://" + nodeB + "/procgate/");
        assertThat(poolNames(view.get(1))).contains("hello", "search", "cgi-bin");
        assertThat(awaitNodes(httpB, 2, Duration.ofSeconds(30))).extracting(n -> n.get("node")).containsExactly(nodeB, nodeA);
        assertThat(listenersOf(a.serverPid())).as("node a's listening sockets").isNotEmpty()
                .allSatisfy(address -> assertThat(address).matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):\\d+"));

        String restartB = "admin/api/nodes/" + nodeB + "/pools/hello/restart";
        assertThat(httpA.send("POST", restartB, null).statusCode()).as("without credentials").isEqualTo(401);
        assertThat(httpA.send("POST", restartB, null, "Authorization", OPERATOR, "Origin", "http://attacker.example")
                .statusCode()).as("from another site's page").isEqualTo(403);
        Set<Object> before = workerPids(httpB);
        restartInNodeAsConsole(httpA, nodeB);
        awaitTrue(() -> {
            Set<Object> now = workerPids(httpB);
            return !now.isEmpty() && now.stream().noneMatch(before::contains);
        }, Duration.ofSeconds(30), "node b's hello workers replaced after the restart asked of node a's console");

        Path nginx = Files.createDirectories(work.resolve("nginx"));
        int portLb = ProcgateRun.freePort();
        started.add(Nginx.start(nginx, portLb, portA, portB));
        Http lb = new Http("http://127.0.0.1:" + portLb + "/procgate/");
        Load load = new Load(lb, "fcgi/hello/");
        load.run(Duration.ofSeconds(3));
        long servedBeforeKill = load.ok.get();
        b.kill();
        long killedAt = System.nanoTime();
        load.run(Duration.ofSeconds(5));
        load.stop();
        assertThat(servedBeforeKill).as("served through nginx before the kill").isPositive();
        assertThat(load.ok.get() - servedBeforeKill).as("served by node a after node b was killed").isPositive();
        assertThat(load.failed.get()).as("failed requests (at most one in flight per client): %s", load).isLessThanOrEqualTo(CLIENTS);

        awaitNodes(httpA, 1, Duration.ofSeconds(30));
        long gone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.printf("cluster: %s; node b left node a's view %d ms after it was killed%n", load, gone);
        a.stop();
    }

    /** In node a's console: the cluster table lists node b's pools; its restart button, confirmed, restarts one. */
    private static void restartInNodeAsConsole(Http httpA, String nodeB) throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.open()) {
            ChromeDriver browser = chromium.driver();
            browser.get(httpA.base().replace("http://", "http://admin:" + PASSWORD + "@") + "admin/");
            WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(30))
                    .ignoring(StaleElementReferenceException.class);
            wait.until(b -> b.findElement(By.id("cluster")).isDisplayed());
            By row = By.cssSelector("tr[data-node='" + nodeB + "'][data-pool=hello] button[data-action=restart]");
            wait.until(b -> b.findElement(row)).click();
            Alert question = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(question.getText()).isEqualTo("Drain and restart pool hello on node " + nodeB + "?");
            question.accept();
            wait.until(b -> b.findElement(By.id("cluster-message")).getText().equals(nodeB + " hello: restarting"));
        }
    }

    private ProcgateRun node(String name, int port, int gridPort, String members) throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of("PROCGATE_PORT", Integer.toString(port),
                "PROCGATE_DB_PG_PORT", "0", "PROCGATE_DB_TCP_PORT", "0",
                "PROCGATE_RUN_DIR", work.resolve(name).toString(), "PROCGATE_ADMIN_PASSWORD", PASSWORD,
                "PROCGATE_CLUSTER", members, "PROCGATE_GRID_PORT", Integer.toString(gridPort)));
        ProcgateRun run = ProcgateRun.start(work.resolve(name + ".log"), environment);
        started.add(run);
        return run;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitNodes(Http http, int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Map<String, Object>> nodes = List.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = http.get("admin/api/nodes", "Authorization", OPERATOR);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            nodes = JSON.fromJson(answer.body(), List.class);
            if (nodes.size() == count) {
                return nodes;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not " + count + " node(s) in " + http.base() + " within " + wait.toSeconds() + " s: "
                + nodes.stream().map(n -> n.get("node")).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> poolNames(Map<String, Object> node) {
        return ((List<Map<String, Object>>) node.get("pools")).stream().map(p -> p.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> workerPids(Http http) {
        Map<String, Object> pool = JSON.fromJson(http.get("admin/api/pools/hello", "Authorization", OPERATOR).body(), Map.class);
        return ((List<Map<String, Object>>) pool.get("workers")).stream().map(w -> ((Number) w.get("pid")).longValue())
                .collect(Collectors.toSet());
    }

    /** The local addresses the process listens on (TCP), from ss. */
    private static List<String> listenersOf(long pid) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes());
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(line -> line.contains("pid=" + pid + ",")).map(line -> line.trim().split("\\s+")[3]).toList();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration wait, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("not within " + wait.toSeconds() + " s: " + what);
    }

    /** Closed-loop clients: each sends its next request when the last one is answered. */
    private static final class Load {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicInteger running = new AtomicInteger();
        private final Http http;
        private final String path;
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

        Load(Http http, String path) {
            this.http = http;
            this.path = path;
        }

        void run(Duration time) throws InterruptedException {
            long end = System.nanoTime() + time.toNanos();
            running.set(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                clients.execute(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<String> answer = http.get(path);
                            (answer.statusCode() == 200 && answer.body().contains("Hello") ? ok : failed).incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                    running.decrementAndGet();
                });
            }
            while (running.get() > 0) {
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public String toString() {
            return ok.get() + " answered, " + failed.get() + " failed, " + CLIENTS + " clients";
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : started) {
            resource.close();
        }
        if (work != null) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
