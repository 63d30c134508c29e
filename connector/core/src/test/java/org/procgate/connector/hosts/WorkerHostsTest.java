package org.procgate.connector.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.procgate.connector.hosts.Load.answeredBy;
import static org.procgate.connector.hosts.Load.count;
import static org.procgate.connector.hosts.Load.pause;
import static org.procgate.connector.hosts.Load.startedBetween;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.settings.PoolSettingsReader;
import org.procgate.connector.threads.PoolThreads;

/**
 * Remote pools against real worker hosts: two network namespaces, each running PHP-FPM and the
 * Python search responder, the records database in a third. Each fault is made for real (a link
 * set down, the host's processes killed, its link rate-limited with tc tbf) under load, and the
 * outcome is counted: which requests failed, where the others went, when the host was taken out
 * and when it was back.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class WorkerHostsTest {

    private static final int CLIENTS = 6;
    private static final int PER_BACKEND = 4;
    private static final Duration CHECK_EVERY = Duration.ofMillis(200);
    private static final Duration CHECK_TIMEOUT = Duration.ofMillis(300);
    private static final int FALL = 2;
    private static final int RISE = 2;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration FAIL_TIMEOUT = Duration.ofMillis(2000);

    private static WorkerHosts network;
    private static WorkerHost h1;
    private static WorkerHost h2;
    private static Path sockets;

    private final PoolThreads threads = PoolThreads.ownThreads();
    private final List<FastCgiPool> pools = new ArrayList<>();

    @BeforeAll
    static void startHosts() throws IOException {
        WorkerHosts.assumeAvailable();
        network = WorkerHosts.start(2);
        h1 = network.host(1);
        h2 = network.host(2);
        sockets = Files.createDirectories(network.directory().resolve("sockets"));
    }

    @AfterAll
    static void removeHosts() {
        if (network != null) {
            network.close();
        }
    }

    @AfterEach
    void closePools() throws Exception {
        pools.forEach(FastCgiPool::close);
        threads.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!backendThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(backendThreads()).as("the checks' and lookups' threads end with their pools").isEmpty();
        // each test leaves both hosts as it found them
        for (WorkerHost host : network.hosts()) {
            host.linkUp();
            host.removeRateLimit();
        }
    }

    private static List<String> backendThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("procgate-backends-")).toList();
    }

    /** A pool as an operator declares it: no command, the backends' addresses, checks, limits. */
    private FastCgiPool open(String name, Map<String, String> extra, String... addresses) {
        Map<String, String> definition = new HashMap<>(Map.of("poolName", name, "launch", "remote",
                "addresses", String.join(",", addresses), "maxWorkers", "8",
                "backendMaxConnections", Integer.toString(PER_BACKEND), "requestTimeoutMillis",
                Long.toString(REQUEST_TIMEOUT.toMillis()), "backendFailTimeoutMillis", Long.toString(FAIL_TIMEOUT.toMillis()),
                "documentRoot", network.directory().resolve("www").toString()));
        definition.putAll(extra);
        FastCgiPool pool = new FastCgiPool(PoolSettingsReader.read(definition), sockets, threads);
        pools.add(pool);
        return pool;
    }

    private FastCgiPool checkedFpmPool(String name) {
        return checkedFpmPool(name, CHECK_TIMEOUT);
    }

    private FastCgiPool checkedFpmPool(String name, Duration checkTimeout) {
        return open(name, Map.of("healthCheck", "/ping", "healthCheckIntervalMillis", Long.toString(CHECK_EVERY.toMillis()),
                "healthCheckTimeoutMillis", Long.toString(checkTimeout.toMillis()),
                "healthCheckFall", Integer.toString(FALL), "healthCheckRise", Integer.toString(RISE)), h1.fpm(), h2.fpm());
    }

    private static ProgramRequest get(String script, String query) {
        return ProgramRequest.builder("GET", "").pathInfo(script).queryString(query).requestUri(script + "?" + query).build();
    }

    private static BackendStatus backend(FastCgiPool pool, WorkerHost host) {
        return pool.status().backends().stream().filter(b -> b.address().equals(host.fpm()) || b.address().equals(host.search()))
                .findFirst().orElseThrow();
    }

    /** When (System.nanoTime) the host's backend first met the condition, waiting at most {@code seconds}. */
    private static long awaitBackend(FastCgiPool pool, WorkerHost host, Predicate<BackendStatus> condition, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.test(backend(pool, host))) {
            assertThat(System.nanoTime()).as(host + " never got there: " + backend(pool, host)).isLessThan(deadline);
            Thread.sleep(10);
        }
        return System.nanoTime();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void searchRespondersOnTheHostsQueryTheDatabaseAcrossTheirLinks() throws Exception {
        FastCgiPool pool = open("search", Map.of("backendMaxConnections", "1", "documentRoot", ""), h1.search(), h2.search());
        for (int i = 0; i < 12; i++) {
            ProgramResponse response = pool.execute(get("", "q=a&limit=3"));
            assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"total\"").contains("\"items\"");
        }
        assertThat(pool.status().backends()).as("both hosts answered")
                .allSatisfy(b -> assertThat(b.requests()).isEqualTo(6));
    }

    @Test
    void aHostWhoseLinkGoesDownLosesOnlyTheRequestsOnItAndComesBackWithItsLink() throws Exception {
        FastCgiPool pool = checkedFpmPool("link");
        Load load = new Load(pool, CLIENTS, () -> get("/host.php", "ms=20"));
        pause(1500);
        long down = System.nanoTime();
        h1.linkDown();
        long out = awaitBackend(pool, h1, b -> !b.up(), 5);
        pause(1500);
        long up = System.nanoTime();
        h1.linkUp();
        long back = awaitBackend(pool, h1, BackendStatus::up, 10);
        pause(1000);
        List<Load.Outcome> outcomes = load.stop();

        List<Load.Outcome> failed = outcomes.stream().filter(Load.Outcome::failed).toList();
        failed.stream().map(Load.Outcome::failure).distinct().limit(5).forEach(f -> System.out.println("failed: " + f));
        System.out.printf("link down: %d requests, %d failed, h1 out after %d ms (%s), back %d ms after its link%n",
                outcomes.size(), failed.size(), millis(out - down), backend(pool, h1).lastCheck(), millis(back - up));
        assertThat(count(outcomes, answeredBy("h1").and(startedBetween(0, down)))).as("h1 served before").isGreaterThan(20);
        assertThat(count(outcomes, answeredBy("h2").and(startedBetween(0, down)))).as("h2 served before").isGreaterThan(20);
        assertThat(failed).as("only the requests h1 held when its link went down fail: at most its " + PER_BACKEND)
                .hasSizeBetween(1, PER_BACKEND)
                .allSatisfy(o -> assertThat(o.startNanos()).isBetween(down - REQUEST_TIMEOUT.toNanos(), out));
        assertThat(backend(pool, h2).failures()).as("nothing failed on h2").isZero();
        assertThat(pool.status().backends()).as("never more connections than backendMaxConnections")
                .allSatisfy(b -> assertThat(b.connections()).isLessThanOrEqualTo(PER_BACKEND));
        assertThat(millis(out - down)).as("h1 leaves rotation within fall x (interval + timeout)")
                .isLessThanOrEqualTo(FALL * (CHECK_EVERY.toMillis() + CHECK_TIMEOUT.toMillis()) + CHECK_EVERY.toMillis() + 200);
        assertThat(count(outcomes, startedBetween(out, up).and(o -> !o.failed()))).as("the load went on, on h2")
                .isEqualTo(count(outcomes, answeredBy("h2").and(startedBetween(out, up))));
        assertThat(millis(back - up)).as("readmitted after rise passed checks").isLessThan(
                RISE * (CHECK_EVERY.toMillis() + CHECK_TIMEOUT.toMillis()) + 1000);
        assertThat(count(outcomes, answeredBy("h1").and(startedBetween(back, Long.MAX_VALUE)))).as("h1 serves again")
                .isGreaterThan(10);
        assertThat(count(outcomes, startedBetween(back, Long.MAX_VALUE).and(Load.Outcome::failed))).isZero();
    }

    @Test
    void aHostWhoseServersAreKilledLosesAtMostItsRequestsInFlightAndIsReadmittedWhenTheyAreBack() throws Exception {
        FastCgiPool pool = checkedFpmPool("kill");
        // POSTs: a GET that got nothing back would be retried on h2 and hide what failed
        Load load = new Load(pool, CLIENTS, () -> ProgramRequest.builder("POST", "").pathInfo("/host.php").queryString("ms=20")
                .requestUri("/host.php?ms=20").header("Content-Type", "text/plain").body("order=1".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        pause(1500);
        long killed = System.nanoTime();
        h1.killServers();
        long out = awaitBackend(pool, h1, b -> !b.up(), 5);
        pause(1000);
        long restarted = System.nanoTime();
        h1.startServers();
        long back = awaitBackend(pool, h1, BackendStatus::up, 10);
        pause(1000);
        List<Load.Outcome> outcomes = load.stop();

        List<Load.Outcome> failed = outcomes.stream().filter(Load.Outcome::failed).toList();
        System.out.printf("servers killed: %d requests, %d failed %s, h1 out after %d ms, back %d ms after its restart%n",
                outcomes.size(), failed.size(), failed.stream().map(Load.Outcome::failure).distinct().limit(3).toList(), millis(out - killed),
                millis(back - restarted));
        assertThat(count(outcomes, answeredBy("h1").and(startedBetween(0, killed)))).isGreaterThan(20);
        assertThat(failed).as("only the requests h1 held fail (at most its " + PER_BACKEND + " connections)")
                .hasSizeBetween(1, PER_BACKEND)
                .allSatisfy(o -> assertThat(o.startNanos()).isLessThan(out));
        assertThat(backend(pool, h2).failures()).isZero();
        assertThat(millis(out - killed)).as("a refused connection takes it out at once").isLessThan(1000);
        assertThat(count(outcomes, answeredBy("h2").and(startedBetween(out, restarted)))).isGreaterThan(20);
        assertThat(millis(back - restarted)).as("back once its failures time out and its checks pass")
                .isLessThan(FAIL_TIMEOUT.toMillis() + RISE * CHECK_EVERY.toMillis() + 1000);
        assertThat(count(outcomes, answeredBy("h1").and(startedBetween(back, Long.MAX_VALUE)))).isGreaterThan(10);
        assertThat(count(outcomes, startedBetween(out, Long.MAX_VALUE).and(Load.Outcome::failed))).isZero();
    }

    @Test
    void aSlowHostReceivesLessTraffic() throws Exception {
        // a check may wait behind the answers queued on the slow link: slow must not read as dead
        FastCgiPool pool = checkedFpmPool("slow", REQUEST_TIMEOUT);
        Load load = new Load(pool, CLIENTS, () -> get("/host.php", "kb=8"));
        pause(1500);
        long slowed = System.nanoTime();
        h1.rateLimit(512);
        pause(3000);
        long end = System.nanoTime();
        List<Load.Outcome> outcomes = load.stop();

        long fast1 = count(outcomes, answeredBy("h1").and(startedBetween(0, slowed)));
        long fast2 = count(outcomes, answeredBy("h2").and(startedBetween(0, slowed)));
        long slow1 = count(outcomes, answeredBy("h1").and(startedBetween(slowed + 300_000_000L, end)));
        long slow2 = count(outcomes, answeredBy("h2").and(startedBetween(slowed + 300_000_000L, end)));
        System.out.printf("slow host: before h1 %d / h2 %d; with h1 at 512 kbit/s h1 %d / h2 %d; shares %s%n", fast1, fast2,
                slow1, slow2, pool.status().backends().stream().map(b -> b.address() + "=" + Math.round(b.share() * 100) + "%")
                        .toList());
        assertThat(fast1).as("equal hosts share the load").isBetween(fast2 * 2 / 3, fast2 * 3 / 2);
        assertThat(slow1 * 5).as("the slow host gets less than a fifth of what the fast one gets").isLessThan(slow2);
        assertThat(slow1).as("but it still serves").isPositive();
        assertThat(count(outcomes, Load.Outcome::failed)).isZero();
        assertThat(backend(pool, h1).state()).as("slow is not down: its checks pass").isEqualTo("up");
        assertThat(backend(pool, h1).failures()).isZero();
    }

    @Test
    void aWorkerHostRefusesAClientItDoesNotList() throws Exception {
        assertThat(getValuesFrom(network.procgateAddress(), h1)).as("procgate's address is listed: it answers").isNotNull();
        assertThatThrownBy(() -> getValuesFrom(network.strangerAddress(), h1))
                .as("another address of the same machine is not").isInstanceOf(IOException.class);
        assertThat(Files.readString(h1.fpmLog())).contains("IP address '" + network.strangerAddress() + "' has been dropped");
    }

    private Map<String, String> getValuesFrom(String local, WorkerHost host) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(local, 0));
        channel.connect(new InetSocketAddress(host.address(), WorkerHost.FPM_PORT));
        try (FastCgiClient client = new FastCgiClient(channel, threads.tasks())) {
            return client.getValues(List.of("FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS"));
        }
    }

    @Test
    void aPhpSessionOnLocalDiskKeepsItsHostWithCookieAffinityAndLosesItWithout() throws Exception {
        FastCgiPool sticky = open("sticky", Map.of("affinity", "cookie:PHPSESSID"), h1.fpm(), h2.fpm());
        FastCgiPool loose = open("loose", Map.of(), h1.fpm(), h2.fpm());
        for (int session = 0; session < 6; session++) {
            assertThat(visits(sticky, 10)).as("every visit of session " + session + " counted by it, on the host that"
                    + " started it").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
        assertThat(visits(loose, 10)).as("without affinity the other host has no such session").contains(1, 1);
        Set<String> hosts = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            ProgramResponse first = sticky.execute(get("/session.php", ""));
            hosts.add(first.bodyText().split(" ")[0]);
        }
        assertThat(hosts).as("new sessions spread over both hosts").containsExactly("h1", "h2");
    }

    /** The session's visit count each answer shows, the session cookie sent from the second request on. */
    private static List<Integer> visits(FastCgiPool pool, int count) throws Exception {
        List<Integer> seen = new ArrayList<>();
        String cookie = null;
        for (int i = 0; i < count; i++) {
            ProgramRequest.Builder request = ProgramRequest.builder("GET", "").pathInfo("/session.php").requestUri("/session.php");
            if (cookie != null) {
                request.header("Cookie", "theme=dark; " + cookie);
            }
            ProgramResponse response = pool.execute(request.build());
            if (cookie == null) {
                cookie = response.header("Set-Cookie").orElseThrow().split(";")[0];
            }
            seen.add(Integer.parseInt(response.bodyText().strip().split(" ")[1]));
        }
        return seen;
    }

    @Test
    void hostsANameGainsAndLosesJoinAndLeaveThePoolWithoutARedeploy() throws Exception {
        Path hostsFile = network.directory().resolve("hosts");
        String name = "workers.pgt.test";
        Files.writeString(hostsFile, h1.address() + " " + name + "\n");
        Path errors = network.directory().resolve("probe.err");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + hostsFile, "-Dsun.net.inetaddr.ttl=0",
                "-cp", System.getProperty("java.class.path"), NamedBackendsProbe.class.getName(), name + ":" + WorkerHost.FPM_PORT,
                network.directory().resolve("www").toString(), sockets.toString())
                .redirectError(errors.toFile()).start();
        try (java.io.BufferedReader answers = probe.inputReader(); java.io.PrintWriter ask = new java.io.PrintWriter(
                probe.getOutputStream(), true)) {
            String one = h1.fpm() + " (" + name + ")=up";
            String two = h2.fpm() + " (" + name + ")=up";
            assertThat(ask(ask, answers, "backends")).isEqualTo("[" + one + "]");
            assertThat(ask(ask, answers, "serve 6")).isEqualTo("[h1]");

            Files.writeString(hostsFile, h1.address() + " " + name + "\n" + h2.address() + " " + name + "\n");
            long added = System.nanoTime();
            awaitAnswer(ask, answers, "backends", "[" + one + ", " + two + "]");
            long joined = System.nanoTime();
            assertThat(ask(ask, answers, "serve 10")).isEqualTo("[h1, h2]");

            Files.writeString(hostsFile, h2.address() + " " + name + "\n");
            long removed = System.nanoTime();
            awaitAnswer(ask, answers, "backends", "[" + two + "]");
            long left = System.nanoTime();
            assertThat(ask(ask, answers, "serve 6")).isEqualTo("[h2]");
            System.out.printf("names: a new address joined after %d ms, a removed one left after %d ms%n",
                    millis(joined - added), millis(left - removed));
        } finally {
            probe.destroyForcibly();
            probe.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(errors)).doesNotContain("Exception");
    }

    private static String ask(java.io.PrintWriter ask, java.io.BufferedReader answers, String question) throws IOException {
        ask.println(question);
        String answer = answers.readLine();
        assertThat(answer).as("the probe answers " + question).isNotNull();
        return answer;
    }

    private static void awaitAnswer(java.io.PrintWriter ask, java.io.BufferedReader answers, String question, String expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String answer = ask(ask, answers, question);
        while (!answer.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = ask(ask, answers, question);
        }
        assertThat(answer).as("within 5 s of the change").isEqualTo(expected);
    }

    @Test
    void measuresTheCpuEachTierSpendsPerRequest() throws Exception {
        FastCgiPool pool = open("cpu", Map.of(), h1.fpm());
        try (Load warm = new Load(pool, 4, () -> get("/host.php", ""))) {
            pause(1000);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvmBefore = os.getProcessCpuTime();
        long hostBefore = h1.cpuNanos();
        long start = System.nanoTime();
        Load load = new Load(pool, 4, () -> get("/host.php", ""));
        pause(3000);
        List<Load.Outcome> outcomes = load.stop();
        long seconds = System.nanoTime() - start;
        long jvm = os.getProcessCpuTime() - jvmBefore;
        long host = h1.cpuNanos() - hostBefore;
        long answered = count(outcomes, o -> !o.failed());
        System.out.printf("cpu per request: %d requests in %.1f s (%.0f/s); procgate JVM (with its load threads) %d us,"
                + " worker host (PHP-FPM) %d us%n", answered, seconds / 1e9, answered / (seconds / 1e9), jvm / answered / 1000,
                host / answered / 1000);
        assertThat(count(outcomes, Load.Outcome::failed)).isZero();
        assertThat(host).as("the worker host's CPU is measured").isPositive();
    }
}
