package org.procgate.connector.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProcessLauncher;
import org.procgate.connector.process.StreamDrainer;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ProtocolException;

/**
 * Runs CGI requests, one process each: starts the script with the request's meta-variables as
 * its whole environment, writes the body to stdin while reading stdout and stderr concurrently
 * (so no pipe can deadlock), and kills the whole process tree if the time limit passes. Nothing
 * of a request outlives it: what the script left running in its process group is killed too.
 * Every process in flight is known, so {@link #close()} can end them all.
 */
public final class CgiRunner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CgiRunner.class.getName());
    /** How long a failed request waits for the rest of the script's stderr, for its debug page. */
    private static final Duration STDERR_WAIT = Duration.ofMillis(500);

    private final ScriptLaunch launch;
    private final MetaVariables metaVariables;
    private final CgiLimits limits;
    private final Executor io;
    private final ScheduledExecutorService watchdog;
    private final Executor reaper;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param io       runs stdin writers and stderr readers
     * @param watchdog enforces deadlines
     * @param reaper   ends process trees off the request path
     */
    public CgiRunner(ScriptLaunch launch, MetaVariables metaVariables, CgiLimits limits, Executor io,
                     ScheduledExecutorService watchdog, Executor reaper) {
        this.launch = launch;
        this.metaVariables = metaVariables;
        this.limits = limits;
        this.io = io;
        this.watchdog = watchdog;
        this.reaper = reaper;
    }

    /** One script in flight, for the status page and for {@link #close()}. */
    private record Running(ManagedProcess process, String requestUri, long startNanos) {
    }

    public ProgramResponse run(ResolvedScript script, ProgramRequest request) throws ProgramException {
        if (closed) {
            throw stopped(script);
        }
        Map<String, String> env = metaVariables.build(request, script.scriptName(), script.pathInfo(),
                script.file().toString(), script.pathTranslated());
        ManagedProcess process;
        try {
            process = ProcessLauncher.start(script.scriptName(), launch.argv(script, request.queryString()),
                    launch.directory(script), env, launch.ownSession());
        } catch (ProcessException e) {
            throw new ProgramException(Failure.WORKER_DIED, e.getMessage(), e);
        }
        Running entry = new Running(process, request.requestUri(), System.nanoTime());
        running.add(entry);
        try {
            if (closed) { // close() ran while this one was starting
                process.terminateTree(limits.killGrace());
                throw stopped(script);
            }
            return exchange(script, request, process);
        } finally {
            running.remove(entry);
        }
    }

    private ProgramResponse exchange(ResolvedScript script, ProgramRequest request, ManagedProcess process)
            throws ProgramException {
        long deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            timedOut.set(true);
            offRequestPath(() -> process.terminateTree(limits.killGrace()));
        }, limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
        StreamDrainer stderr = new StreamDrainer(process.process().getErrorStream(), limits.maxStderrBytes(), LOG,
                "CGI " + script.scriptName());
        io.execute(stderr);
        sendBody(process.process().getOutputStream(), request.body());
        try {
            ProgramResponse response = readResponse(process.process().getInputStream(), launch.isNph(script));
            boolean exited = awaitExit(process, deadlineNanos);
            if (!exited || timedOut.get()) {
                throw timeout(script, process, stderr);
            }
            if (closed) {
                throw stopped(script);
            }
            return request.method().equals("HEAD") ? new ProgramResponse(response.status(), response.headers(), new byte[0])
                    : response;
        } catch (ProtocolException e) {
            throw failed(Failure.PROTOCOL_ERROR, "gave an invalid response: " + e.getMessage(), e, script, process, timedOut, stderr);
        } catch (IOException e) {
            throw failed(Failure.WORKER_DIED, "failed: " + e.getMessage(), e, script, process, timedOut, stderr);
        } finally {
            deadline.cancel(false);
            if (process.isAlive()) {
                process.terminateTree(limits.killGrace());
            } else {
                // background children the script left in its group; off the request path
                offRequestPath(process::killGroup);
            }
        }
    }

    private void offRequestPath(Runnable task) {
        try {
            reaper.execute(task);
        } catch (RejectedExecutionException adapterStopping) {
            task.run();
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

    private ProgramResponse readResponse(InputStream stdout, boolean nph) throws IOException, ProtocolException {
        CgiResponseParser parser = new CgiResponseParser(limits.maxHeaderBytes(), limits.maxResponseBytes());
        NphStatusLine statusLine = nph ? new NphStatusLine(parser, limits.maxHeaderBytes()) : null;
        byte[] buffer = new byte[16 * 1024];
        try (stdout) {
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                if (statusLine != null) {
                    statusLine.feed(buffer, 0, n);
                } else {
                    parser.feed(buffer, 0, n);
                }
            }
        }
        if (statusLine != null) {
            statusLine.finish();
        }
        return parser.finish();
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

    private void sendBody(OutputStream stdin, byte[] body) {
        if (body.length == 0) {
            closeQuietly(stdin); // no thread needed to say "end of input"
        } else {
            io.execute(() -> writeBody(stdin, body));
        }
    }

    private static void writeBody(OutputStream stdin, byte[] body) {
        try (stdin) {
            stdin.write(body);
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

    /** The scripts running now, as workers of the pool's status. */
    public List<WorkerStatus> running() {
        long now = System.nanoTime();
        return running.stream().map(r -> new WorkerStatus(r.process().pid(), WorkerStatus.State.BUSY,
                r.process().started(), 0, r.requestUri(), TimeUnit.NANOSECONDS.toMillis(now - r.startNanos()), 0))
                .toList();
    }

    /** Refuses new requests and kills every script in flight, with its process tree. */
    @Override
    public void close() {
        closed = true;
        running.parallelStream().forEach(r -> r.process().terminateTree(limits.killGrace()));
    }
}
