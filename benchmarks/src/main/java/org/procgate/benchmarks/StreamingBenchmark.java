package org.procgate.benchmarks;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.protocol.CgiResponseParser;

/** A 10 MB answer streamed from a worker thread over a Unix socket through {@link FastCgiClient}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamingBenchmark {

    static final int BODY_BYTES = 10 * 1024 * 1024;

    private Path directory;
    private InJvmResponder worker;
    private ExecutorService bodyWriters;
    private FastCgiClient client;
    private Map<String, String> params;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("procgate-bench-");
        Path socket = directory.resolve("worker.sock");
        worker = new InJvmResponder(socket, WorkerSideRecords.response(new byte[BODY_BYTES]));
        bodyWriters = Executors.newCachedThreadPool();
        client = new FastCgiClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)), bodyWriters);
        params = TypicalRequest.params();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        worker.close();
        bodyWriters.shutdownNow();
        Files.deleteIfExists(directory.resolve("worker.sock"));
        Files.deleteIfExists(directory);
    }

    @Benchmark
    public ProgramResponse stream10MbResponse() throws Exception {
        CgiResponseParser parser = new CgiResponseParser(64 * 1024, BODY_BYTES);
        client.execute(params, RequestBody.EMPTY, 0, parser, stderr -> { });
        return parser.finish();
    }
}
