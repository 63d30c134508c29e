package org.procgate.benchmarks;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.fastcgi.RequestEncoder;
import org.procgate.connector.fastcgi.Role;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.LaunchMode;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.ProcessManager;
import org.procgate.connector.threads.PoolThreads;

/**
 * One request and its small answer over a Unix socket to a trivial in-JVM worker: through
 * {@link FastCgiClient}, through {@link FastCgiPool#execute} (borrow, watchdog, return), and as
 * bare bytes of the same sizes against an echo thread. The differences are the connector's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoundTripBenchmark {

    static final byte[] ANSWER = WorkerSideRecords.response("{\"hits\":0}\n".getBytes());

    private Path directory;
    private InJvmResponder clientWorker;
    private InJvmResponder poolWorker;
    private EchoSizedServer echo;
    private ExecutorService bodyWriters;
    private FastCgiClient client;
    private SocketChannel bare;
    private ByteBuffer bareRequest;
    private ByteBuffer bareResponse;
    private PoolThreads executors;
    private FastCgiPool pool;
    private Map<String, String> params;
    private ProgramRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("procgate-bench-");
        params = TypicalRequest.params();
        int requestBytes = new RequestEncoder().beginRequest(1, Role.RESPONDER, true).params(1, params)
                .stdin(1, TypicalRequest.BODY, 0, TypicalRequest.BODY.length).endStdin(1).output().remaining();

        clientWorker = new InJvmResponder(directory.resolve("client.sock"), ANSWER);
        bodyWriters = Executors.newCachedThreadPool();
        client = new FastCgiClient(SocketChannel.open(UnixDomainSocketAddress.of(directory.resolve("client.sock"))),
                bodyWriters);

        echo = new EchoSizedServer(directory.resolve("echo.sock"), requestBytes, ANSWER.length);
        bare = SocketChannel.open(UnixDomainSocketAddress.of(directory.resolve("echo.sock")));
        bareRequest = ByteBuffer.allocate(requestBytes);
        bareResponse = ByteBuffer.allocate(ANSWER.length);

        poolWorker = new InJvmResponder(directory.resolve("pool.sock"), ANSWER);
        executors = PoolThreads.ownThreads();
        pool = new FastCgiPool(remotePool("unix:" + directory.resolve("pool.sock")), directory, executors);
        request = ProgramRequest.builder("POST", "/fcgi/search").pathInfo("/records").queryString("q=fastcgi&limit=20")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark")
                .header("Content-Type", "application/x-www-form-urlencoded").body(TypicalRequest.BODY).build();
    }

    static PoolSettings remotePool(String address) {
        FastCgiSettings fastcgi = new FastCgiSettings(LaunchMode.REMOTE, List.of(address), ProcessManager.STATIC, 1, 0, 1,
                Duration.ofSeconds(10), 0, Duration.ZERO, Duration.ofSeconds(5), null, Set.of(), 1, Duration.ofSeconds(10), 1);
        return new PoolSettings("bench", PoolKind.FASTCGI, List.of("remote"), null, Map.of(), 1, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 1 << 20, 64 << 20, 64 * 1024, 16 * 1024, PoolSettings.ALL_HEADERS,
                false, Duration.ofSeconds(1), Duration.ofSeconds(5), fastcgi, CgiSettings.defaults().withScriptRoot(null));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        executors.close();
        client.close();
        bare.close();
        bodyWriters.shutdownNow();
        clientWorker.close();
        poolWorker.close();
        echo.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    @Benchmark
    public ProgramResponse fastcgiClient() throws Exception {
        CgiResponseParser parser = new CgiResponseParser(64 * 1024, 1 << 20);
        client.execute(params, RequestBody.of(TypicalRequest.BODY), 0, parser, stderr -> { });
        return parser.finish();
    }

    @Benchmark
    public ProgramResponse fastcgiPool() throws ProgramException {
        return pool.execute(request);
    }

    /** The same byte counts with no protocol: the floor a round trip cannot go below. */
    @Benchmark
    public ByteBuffer bareSocket() throws IOException {
        InJvmResponder.writeFully(bare, bareRequest.clear());
        InJvmResponder.readFully(bare, bareResponse.clear());
        return bareResponse;
    }
}
