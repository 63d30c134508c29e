package org.procgate.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.procgate.systemtest.server.ServerUnderTest;
import org.procgate.systemtest.server.Servers;

/**
 * A pool's definition changed on the running server while clients keep sending requests: through
 * the server's own tooling where it applies a change while it runs, and through procgate's admin
 * API on every server. The pool's workers answer the GENERATION of their environment and their
 * process id, so the counts show which definition served each request: none fails, the new
 * definition serves every request once the old workers have ended, and they do end. Where the
 * tests read the server's log, it must not complain of the change for every later request: at most
 * the requests already under way may go through the factory the server replaced (RAR7099 on
 * Payara Server and GlassFish).
 */
@SystemTest
class PoolReloadUnderLoadIT {

    private static final String POOL = "test-reload";
    /** The server's connector pool behind it, as test-pools.xml names it. */
    private static final String CONNECTOR_POOL = "procgate-test-reload";
    private static final String GATEWAY = "fcgi/" + POOL + "/";
    private static final String OPERATOR = Procgate.basic("admin", Servers.ADMIN_PASSWORD);
    private static final int CLIENTS = 6;
    private static final AtomicInteger RELOADS = new AtomicInteger();
    /** Payara Server's and GlassFish's message for an allocation through a connection factory that is not the pool's any more. */
    private static final String FACTORY_NOT_THE_POOLS = "RAR7099";

    /** A change of the pool's definition, made while the load runs. */
    private interface Change {
        void apply(String generation) throws Exception;
    }

    @Test
    void theAdminApiReloadsAPoolUnderLoadWithoutAFailedRequest(Procgate procgate, ServerUnderTest server) throws Exception {
        reloadUnderLoad(procgate, server, "the admin API", generation -> {
            HttpResponse<String> reloaded = procgate.send("PUT", "admin/api/pools/" + POOL + "/settings",
                    "{\"environment\": \"GENERATION=" + generation + "\"}", "Authorization", OPERATOR, "Content-Type", "application/json");
            assertThat(reloaded.statusCode()).as(reloaded.body()).isEqualTo(200);
        });
    }

    @Test
    void theServersOwnToolingReloadsAPoolUnderLoadWithoutAFailedRequest(Procgate procgate, ServerUnderTest server) throws Exception {
        Optional<String> notLive = server.whyPoolChangesAreNotLive();
        Assumptions.assumeTrue(notLive.isEmpty(), () -> notLive.orElseThrow());
        reloadUnderLoad(procgate, server, server.poolTool(), generation ->
                server.changePoolProperty(CONNECTOR_POOL, "environment", "GENERATION=" + generation));
    }

    private static void reloadUnderLoad(Procgate procgate, ServerUnderTest server, String how, Change change) throws Exception {
        String old = servingGeneration(procgate);
        List<Long> oldWorkers = workers(procgate);
        String next = "reload-" + RELOADS.incrementAndGet();
        long changing;
        long firstNewAnswer;
        List<GatewayLoad.Answer> afterOldWorkersEnded;
        long complaintsBefore = serverLogLines(server, FACTORY_NOT_THE_POOLS);
        GatewayLoad load = GatewayLoad.start(procgate, GATEWAY, CLIENTS);
        try {
            load.awaitUntil("answers of the old definition", Duration.ofSeconds(30), () -> load.answered(old) >= 300);
            changing = System.nanoTime();
            change.apply(next);
            load.awaitUntil("answers of the new definition", Duration.ofSeconds(60), () -> load.answered(next) > 0);
            firstNewAnswer = System.nanoTime();
            awaitEnded(procgate, oldWorkers, Duration.ofSeconds(30));
            int ended = load.answerCount();
            load.awaitUntil("answers after the old workers ended", Duration.ofSeconds(30), () -> load.answerCount() >= ended + 500);
            afterOldWorkersEnded = load.answersFrom(ended);
        } finally {
            load.close();
        }
        long complaints = serverLogLines(server, FACTORY_NOT_THE_POOLS) - complaintsBefore;

        System.out.printf("%s, reload through %s under %d clients: %d requests, %d failed; %d answered by the old definition, "
                        + "%d by the new; the first new answer %d ms after the change began; %d %s lines in %d server log files%n",
                server.displayName(), how, CLIENTS, load.total(), load.failures().size(), load.answered(old), load.answered(next),
                Duration.ofNanos(firstNewAnswer - changing).toMillis(), complaints, FACTORY_NOT_THE_POOLS, server.serverLogs().size());
        assertThat(load.failures()).as("failed requests across the reload: " + load).isEmpty();
        assertThat(load.answered(old) + load.answered(next)).as("every answer came from the old or the new definition: " + load)
                .isEqualTo(load.total());
        List<Long> newWorkers = workers(procgate);
        assertThat(newWorkers).doesNotContainAnyElementsOf(oldWorkers);
        assertThat(afterOldWorkersEnded).as("answers once the old workers had ended").isNotEmpty()
                .allSatisfy(answer -> assertThat(answer.word()).isEqualTo(next))
                .allSatisfy(answer -> assertThat(newWorkers).contains(answer.pid()));
        assertThat(servingGeneration(procgate)).isEqualTo(next);
        assertThat(complaints).as("%s lines in the server's log across the reload: at most one per client, for a request "
                + "already under way with the replaced factory", FACTORY_NOT_THE_POOLS).isLessThanOrEqualTo(CLIENTS);
    }

    /** Lines of the server's log, all its files, that contain the text; 0 where the tests do not read the server's log. */
    private static long serverLogLines(ServerUnderTest server, String text) throws IOException {
        long count = 0;
        for (Path log : server.serverLogs()) {
            try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                count += lines.filter(line -> line.contains(text)).count();
            }
        }
        return count;
    }

    /** The generation the pool's workers run with now. */
    private static String servingGeneration(Procgate procgate) {
        HttpResponse<String> answer = procgate.get(GATEWAY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().strip().split(" ")[0];
    }

    /** The pids of the pool's workers in the status API, once both of its static workers are listed. */
    @SuppressWarnings("unchecked")
    private static List<Long> workers(Procgate procgate) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            HttpResponse<String> status = procgate.get("admin/api/pools/" + POOL, "Authorization", OPERATOR);
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            List<Long> pids = ((List<Map<String, Object>>) Procgate.json(status).get("workers")).stream()
                    .map(worker -> ((Number) worker.get("pid")).longValue()).toList();
            if (pids.size() == 2 || System.nanoTime() > deadline) {
                assertThat(pids).as("the pool's two workers").hasSize(2);
                return pids;
            }
            Thread.sleep(100);
        }
    }

    /** Waits until none of these workers is listed any more and every one of their processes has ended. */
    private static void awaitEnded(Procgate procgate, List<Long> oldWorkers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (oldWorkers.stream().anyMatch(PoolReloadUnderLoadIT::alive) || !java.util.Collections.disjoint(workers(procgate), oldWorkers)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the old workers " + oldWorkers + " did not end within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
