package org.procgate.connector.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.PoolSettingsBuilder;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;

/**
 * launch=remote: the test starts two responders itself, one on a Unix socket and one on
 * 127.0.0.1; the pool only connects. When one backend dies, requests keep succeeding on the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteBackendsTest {

    private final PoolHarness harness = new PoolHarness();

    @TempDir
    Path directory;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void requestsKeepSucceedingWhenOneOfTwoBackendsDies() throws Exception {
        Path socket = directory.resolve("backend.sock");
        int port = freePort();
        Process unixBackend = startResponder(socket.toString());
        Process tcpBackend = startResponder("127.0.0.1:" + port);
        awaitAccepting(() -> SocketChannel.open(UnixDomainSocketAddress.of(socket)).close());
        awaitAccepting(() -> new Socket("127.0.0.1", port).close());

        // one connection: these responders serve one connection at a time, and a second one
        // to a busy backend would wait in its backlog
        FastCgiPool pool = harness.open(PoolSettingsBuilder.remote("remote", "unix:" + socket, "127.0.0.1:" + port)
                .build());
        long first = servingPids(pool, 1).iterator().next();
        Process connected = first == unixBackend.pid() ? unixBackend : tcpBackend;
        Process survivor = connected == unixBackend ? tcpBackend : unixBackend;

        connected.destroyForcibly();
        connected.waitFor(5, TimeUnit.SECONDS);

        assertThat(servingPids(pool, 10)).as("every request after the kill succeeds, on the survivor")
                .containsExactly(survivor.pid());
        assertThat(pool.status().workers()).extracting(WorkerStatus::pid).containsOnly(0L);
        assertThat(childrenOfThisJvm()).as("the pool started no process").containsOnly(survivor.pid());
        String dead = connected == unixBackend ? "unix:" + socket : "127.0.0.1:" + port;
        String alive = connected == unixBackend ? "127.0.0.1:" + port : "unix:" + socket;
        assertThat(pool.status().backends()).as("each backend's state and counts")
                .anySatisfy(backend -> {
                    assertThat(backend.address()).isEqualTo(alive);
                    assertThat(backend.up()).isTrue();
                    assertThat(backend.requests()).isGreaterThanOrEqualTo(10);
                })
                .anySatisfy(backend -> {
                    assertThat(backend.address()).isEqualTo(dead);
                    assertThat(backend.requests()).isEqualTo(1);
                    assertThat(backend.failures()).isPositive();
                });
    }

    @Test
    void aLostConnectionIsNeverReplacedByASecondOneToABusyBackend() throws Exception {
        Path first = directory.resolve("a.sock");
        Path second = directory.resolve("b.sock");
        Process a = startResponder(first.toString());
        Process b = startResponder(second.toString());
        awaitAccepting(() -> SocketChannel.open(UnixDomainSocketAddress.of(first)).close());
        awaitAccepting(() -> SocketChannel.open(UnixDomainSocketAddress.of(second)).close());
        // two connections over two single-connection backends: losing one must not put its
        // replacement in the survivor's listen backlog, where it would hang until the timeout
        FastCgiPool pool = harness.open(PoolSettingsBuilder.remote("remote-two", "unix:" + first, "unix:" + second)
                .maxWorkers(2).build());
        java.util.concurrent.CompletableFuture<Set<Long>> parallel =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return servingPids(pool, 20);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        servingPids(pool, 20);
        parallel.get(30, TimeUnit.SECONDS);

        a.destroyForcibly();
        a.waitFor(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        assertThat(servingPids(pool, 10)).containsExactly(b.pid());
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("seconds for 10 requests").isLessThan(5);
    }

    private Process startResponder(String address) throws IOException {
        List<String> command = List.of(TestPrograms.PYTHON, TestPrograms.programs().resolve("test_app.py").toString(),
                "--bind", address);
        return harness.start(command, Map.of("PYTHONPATH", TestPrograms.responderLibrary()));
    }

    /** Sends {@code count} GETs, all of which must succeed, and returns the pids that answered. */
    private static Set<Long> servingPids(FastCgiPool pool, int count) throws Exception {
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            pids.add(Long.parseLong(pool.execute(Requests.get("/pid")).bodyText().trim()));
        }
        return pids;
    }

    private static Set<Long> childrenOfThisJvm() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        }
    }

    private interface Probe {
        void connect() throws IOException;
    }

    private static void awaitAccepting(Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                probe.connect();
                return;
            } catch (IOException notYet) {
                assertThat(System.nanoTime()).as("backend accepting within 10 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
