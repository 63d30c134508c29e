package org.procgate.connector.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.body.BodyDestination;
import org.procgate.connector.body.BodyFailure;
import org.procgate.connector.body.BodyPump;
import org.procgate.connector.body.InlineBody;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessCpu;
import org.procgate.connector.process.ResidentMemory;
import org.procgate.connector.process.StreamDrainer;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ClientGoneException;
import org.procgate.connector.protocol.ClientSink;
import org.procgate.connector.protocol.ProtocolException;
import org.procgate.connector.threads.Deadlines;
import org.procgate.connector.threads.PoolThreads;

/**
 * Runs CGI requests, one process each: starts the script with the request's meta-variables as
 * its whole environment, streams the body to stdin while reading stdout and stderr concurrently
 * (so no pipe can deadlock), passes stdout on to the caller's sink as the script writes it, and
 * kills the whole process tree if the time limit passes or the client leaves. Nothing
 * of a request outlives it: what the script left running in its process group is killed too.
 * Every process in flight is known, so {@link #close()} can end them all.
 */
public final class CgiRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CgiRunner.class.getName());
    /** How long a failed request waits for the rest of the script's stderr, for its debug page. */
    private static final Duration STDERR_WAIT = Duration.ofMillis(500);
    /** How long a finished script's request waits for the rest of a body the script did not read. */
    private static final Duration BODY_DRAIN_WAIT = Duration.ofSeconds(5);
    /** A body up to this is written on the calling thread: it fits an empty pipe. */
    private static final int INLINE_BODY_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How long a paused script may take to exit before its output so far is flushed to the client. */
    static final Duration PAUSE_BEFORE_FLUSH = Duration.ofMillis(10);

    private final ScriptLaunch launch;
    private final ScriptStarter starter;
    private final MetaVariables metaVariables;
    private final CgiLimits limits;
    private final Executor io;
    private final PoolThreads threads;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param starter executes each script, or has the pool's launcher fork it
     * @param threads run stdin writers and stderr readers, enforce deadlines, end process trees off the request path
     */
    public CgiRunner(ScriptLaunch launch, ScriptStarter starter, MetaVariables metaVariables, CgiLimits limits,
                     PoolThreads threads) {
        this.launch = launch;
        this.starter = starter;
        this.metaVariables = metaVariables;
        this.limits = limits;
        this.io = threads.tasks();
        this.threads = threads;
    }

    /** One script in flight, for the status page and for {@link #close()}. */
    private record Running(ManagedProcess process, ProgramRequest request, String script, long startNanos) {
    }

    /** Runs the script; its answer goes to {@code sink} as it writes it. */
    public void run(ResolvedScript script, ProgramRequest request, ClientSink sink) throws ProgramException {
        if (closed) {
            throw stopped(script);
        }
        Map<String, String> env = metaVariables.build(request, script.scriptName(), script.pathInfo(),
                script.file().toString(), script.pathTranslated());
        ManagedProcess process = starter.start(script.scriptName(), launch.argv(script, request.queryString()),
                launch.directory(script), env);
        request.trace().servedBy(process.pid());
        Running entry = new Running(process, request, script.file().toString(), System.nanoTime());
        running.add(entry);
        try {
            if (closed) { // close() ran while this one was starting
                process.terminateTree(limits.killGrace());
                throw stopped(script);
            }
            exchange(script, request, process, sink);
        } finally {
            running.remove(entry);
        }
    }

    private void exchange(ResolvedScript script, ProgramRequest request, ManagedProcess process, ClientSink sink)
            throws ProgramException {
        long deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
        AtomicBoolean timedOut = new AtomicBoolean();
        Deadlines.Deadline deadline = threads.deadlines().start(limits.timeout(), () -> {
            timedOut.set(true);
            threads.endOffRequestPath(() -> process.terminateTree(limits.killGrace()));
        });
        StreamDrainer stderr = new StreamDrainer(process.process().getErrorStream(), limits.maxStderrBytes(), LOG,
                request.trace().logPrefix() + "CGI " + script.scriptName());
        io.execute(stderr);
        BodyPump pump = null;
        try {
            pump = sendBody(process, request);
            CgiResponseParser parser = new CgiResponseParser(limits.maxHeaderBytes(), limits.maxResponseBytes(),
                    request.method().equals("HEAD") ? new HeadersOnly(sink) : sink);
            readResponse(process.process(), launch.isNph(script), parser);
            checkBody(pump, request);
            if (!timedOut.get() && !closed) {
                sink.end(); // the client has the whole answer while the script's exit is awaited
            } // else the output ended because the script was killed: the answer is cut, not complete
            boolean exited = awaitExit(process, deadlineNanos);
            if (!exited || timedOut.get()) {
                throw timeout(script, process, stderr);
            }
            if (closed) {
                throw stopped(script);
            }
            if (sink.gone() != null) {
                throw clientAborted(script, sink.gone());
            }
        } catch (BodyFailure e) {
            process.terminateTree(limits.killGrace());
            throw e.toProgramException("CGI " + script.scriptName());
        } catch (ClientGoneException e) {
            process.terminateTree(limits.killGrace());
            throw clientAborted(script, e);
        } catch (ProtocolException e) {
            checkBodyOrFail(pump, request, process, script);
            throw failed(Failure.PROTOCOL_ERROR, "gave an invalid response: " + e.getMessage(), e, script, process, timedOut, stderr);
        } catch (IOException e) {
            checkBodyOrFail(pump, request, process, script);
            throw failed(Failure.WORKER_DIED, "failed: " + e.getMessage(), e, script, process, timedOut, stderr);
        } finally {
            deadline.cancel();
            if (process.isAlive()) {
                process.terminateTree(limits.killGrace());
            } else {
                // background children the script left in its group; off the request path
                threads.endOffRequestPath(process::killGroup);
            }
            if (pump != null) {
                pump.discardRest();
                pump.await(BODY_DRAIN_WAIT);
                closeQuietly(process.process().getOutputStream());
            }
        }
    }

    private ProgramException clientAborted(ResolvedScript script, Exception cause) {
        return new ProgramException(Failure.CLIENT_ABORTED, "CGI " + script.scriptName()
                + ": the client went away before the answer ended; the script was stopped", cause);
    }

    /** The answer is complete; a body that failed meanwhile still fails the request. */
    private static void checkBody(BodyPump pump, ProgramRequest request) throws BodyFailure {
        if (pump != null && pump.failed()) {
            throw BodyFailure.of(pump, 0, request.body().length());
        }
    }

    /** A script stopped because its body failed: that is the failure to report, not its cut output. */
    private void checkBodyOrFail(BodyPump pump, ProgramRequest request, ManagedProcess process, ResolvedScript script)
            throws ProgramException {
        if (pump != null && pump.failed()) {
            process.terminateTree(limits.killGrace());
            throw BodyFailure.of(pump, limits.maxRequestBodyBytes(), request.body().length())
                    .toProgramException("CGI " + script.scriptName());
        }
    }

    private ProgramException failed(Failure failure, String what, Exception cause, ResolvedScript script,
                                    ManagedProcess process, AtomicBoolean timedOut, StreamDrainer stderr) {
        if (timedOut.get()) {
            return timeout(script, process, stderr);
        }
        if (closed) {
            return stopped(script);
        }
        process.terminateTree(limits.killGrace());
        return new ScriptFailure(failure, "CGI " + script.scriptName() + " " + what, cause,
                stderr.awaitText(STDERR_WAIT));
    }

    private ScriptFailure timeout(ResolvedScript script, ManagedProcess process, StreamDrainer stderr) {
        process.terminateTree(limits.killGrace());
        return new ScriptFailure(Failure.TIMEOUT, "CGI " + script.scriptName() + " did not finish within "
                + limits.timeout().toMillis() + " ms and was killed", null, stderr.awaitText(STDERR_WAIT));
    }

    private static ProgramException stopped(ResolvedScript script) {
        return new ProgramException(Failure.UNAVAILABLE, "CGI " + script.scriptName() + ": the pool was stopped");
    }

    /**
     * Passes stdout on as it comes, flushing whenever the script pauses (nothing more to read).
     * At its first pause the script gets {@link #PAUSE_BEFORE_FLUSH} to end: a script that writes
     * its whole answer and exits is never flushed mid-answer, so its answer goes out whole (with
     * its length, or as a clean 502 if it is invalid); once something was flushed, every pause is.
     */
    private static void readResponse(Process script, boolean nph, CgiResponseParser parser)
            throws IOException, ProtocolException, ClientGoneException {
        NphStatusLine statusLine = nph ? new NphStatusLine(parser, parser.maxHeaderBytes()) : null;
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        InputStream stdout = script.getInputStream();
        boolean flushed = false;
        try (stdout) {
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                if (statusLine != null) {
                    statusLine.feed(buffer, 0, n);
                } else {
                    parser.feed(buffer, 0, n);
                }
                if (parser.hasUnflushedBody() && stdout.available() == 0
                        && (flushed || !endsWithin(script, PAUSE_BEFORE_FLUSH))) {
                    parser.flush();
                    flushed = true;
                }
            }
        }
        if (statusLine != null) {
            statusLine.finish();
        }
        parser.end();
    }

    private static boolean endsWithin(Process script, Duration wait) {
        try {
            script.onExit().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** After stdout closed, the script gets the rest of its time to exit. */
    private static boolean awaitExit(ManagedProcess process, long deadlineNanos) throws IOException {
        try {
            return process.process().waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the script to exit", e);
        }
    }

    /**
     * A small body of known length is written at once; any other streams from a pump thread. The
     * script's stdin is closed when the body ends: never when it failed, so no script takes a
     * truncated body for a whole one.
     */
    private BodyPump sendBody(ManagedProcess process, ProgramRequest request) throws BodyFailure {
        OutputStream stdin = process.process().getOutputStream();
        InlineBody start = InlineBody.read(request.body(), INLINE_BODY_BYTES, limits.maxRequestBodyBytes());
        if (start.complete()) {
            writeAndClose(stdin, start.bytes(), start.length());
            return null;
        }
        BodyPump pump = new BodyPump(request.body(), start, limits.maxRequestBodyBytes(), new Stdin(stdin),
                () -> process.terminateTree(limits.killGrace()));
        io.execute(pump);
        return pump;
    }

    private static void writeAndClose(OutputStream stdin, byte[] body, int length) {
        try (stdin) {
            if (length > 0) {
                stdin.write(body, 0, length);
            }
        } catch (IOException e) {
            // the script exited without reading all of its input; its answer still counts
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // the script has already exited
        }
    }

    /** A script's stdin as a body destination. */
    private record Stdin(OutputStream stream) implements BodyDestination {
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            stream.write(bytes, offset, length);
        }

        @Override
        public void end() throws IOException {
            stream.close();
        }
    }

    /** HEAD: the script runs as for GET; its headers pass, its body does not. */
    private record HeadersOnly(ClientSink sink) implements ResponseSink {
        @Override
        public void head(int status, List<Header> headers) throws IOException {
            sink.head(status, headers);
        }

        @Override
        public void localRedirect(String location) throws IOException {
            sink.localRedirect(location);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            // dropped
        }

        @Override
        public void flush() {
            // nothing held
        }
    }

    /** The scripts running now, as workers of the pool's status. */
    public List<WorkerStatus> running() {
        long now = System.nanoTime();
        return running.stream().map(r -> {
            long nanos = now - r.startNanos();
            ProgramRequest request = r.request();
            return new WorkerStatus(r.process().pid(), WorkerStatus.State.BUSY, r.process().started(), 0,
                    request.requestUri(), TimeUnit.NANOSECONDS.toMillis(nanos), ResidentMemory.of(r.process().pid()),
                    request.method(), request.body().length(), r.script(),
                    request.remoteUser() == null ? "" : request.remoteUser().name(), TimeUnit.NANOSECONDS.toMicros(nanos),
                    ProcessCpu.percentSince(r.process().pid(), r.process().started()));
        }).toList();
    }

    /** Refuses new requests and kills every script in flight, with its process tree; then the starter ends. */
    @Override
    public void close() {
        closed = true;
        running.parallelStream().forEach(r -> r.process().terminateTree(limits.killGrace()));
        starter.close();
    }
}
