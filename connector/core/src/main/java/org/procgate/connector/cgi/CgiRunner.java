package org.procgate.connector.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProcessLauncher;
import org.procgate.connector.process.StreamDrainer;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ProtocolException;

/**
 * Runs one CGI request: starts the script with the request's meta-variables as its whole
 * environment, writes the body to stdin while reading stdout and stderr concurrently (so no
 * pipe can deadlock), and kills the whole process tree if the time limit passes.
 */
public final class CgiRunner {

    private static final Logger LOG = Logger.getLogger(CgiRunner.class.getName());

    private final List<String> interpreter;
    private final Path workingDirectory;
    private final MetaVariables metaVariables;
    private final CgiLimits limits;
    private final ExecutorService io;
    private final ScheduledExecutorService watchdog;

    /**
     * @param interpreter      words put before the script path (empty: the script is executed, its #! decides)
     * @param workingDirectory where the script runs; {@code null}: the script's own directory
     */
    public CgiRunner(List<String> interpreter, Path workingDirectory, MetaVariables metaVariables, CgiLimits limits,
                     ExecutorService io, ScheduledExecutorService watchdog) {
        this.interpreter = List.copyOf(interpreter);
        this.workingDirectory = workingDirectory;
        this.metaVariables = metaVariables;
        this.limits = limits;
        this.io = io;
        this.watchdog = watchdog;
    }

    public ProgramResponse run(ResolvedScript script, ProgramRequest request) throws ProgramException {
        String pathTranslated = script.pathInfo().isEmpty() ? null
                : script.file().getParent().resolve(script.pathInfo().substring(1)).normalize().toString();
        Map<String, String> env = metaVariables.build(request, script.scriptName(), script.pathInfo(),
                script.file().toString(), pathTranslated);
        List<String> argv = new ArrayList<>(interpreter);
        argv.add(script.file().toString());
        Path dir = workingDirectory != null ? workingDirectory : script.file().getParent();
        ManagedProcess process;
        try {
            process = ProcessLauncher.start(script.scriptName(), argv, dir, env, null, null, null);
        } catch (ProcessException e) {
            throw new ProgramException(Failure.WORKER_DIED, e.getMessage(), e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            timedOut.set(true);
            process.terminateTree(limits.killGrace());
        }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        StreamDrainer stderr = new StreamDrainer(process.process().getErrorStream(), limits.maxStderrBytes(), LOG,
                "CGI " + script.scriptName());
        io.execute(stderr);
        io.execute(() -> writeBody(process.process().getOutputStream(), request.body()));
        try {
            ProgramResponse response = readResponse(process.process().getInputStream());
            awaitExit(process);
            return response;
        } catch (ProtocolException e) {
            process.terminateTree(limits.killGrace());
            if (timedOut.get()) {
                throw timeout(script);
            }
            throw new ProgramException(Failure.PROTOCOL_ERROR, "CGI " + script.scriptName() + " gave an invalid response: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            process.terminateTree(limits.killGrace());
            if (timedOut.get()) {
                throw timeout(script);
            }
            throw new ProgramException(Failure.WORKER_DIED, "CGI " + script.scriptName() + " failed: " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
            if (timedOut.get() || process.isAlive()) {
                process.terminateTree(limits.killGrace());
            }
        }
    }

    private ProgramException timeout(ResolvedScript script) {
        return new ProgramException(Failure.TIMEOUT, "CGI " + script.scriptName() + " did not finish within "
                + limits.timeout().toMillis() + " ms and was killed");
    }

    private ProgramResponse readResponse(InputStream stdout) throws IOException {
        CgiResponseParser parser = new CgiResponseParser(limits.maxHeaderBytes(), limits.maxResponseBytes());
        byte[] buffer = new byte[16 * 1024];
        try (stdout) {
            int n;
            while ((n = stdout.read(buffer)) >= 0) {
                parser.feed(buffer, 0, n);
            }
        }
        return parser.finish();
    }

    private void awaitExit(ManagedProcess process) throws IOException {
        try {
            // stdout is closed; a script that keeps running after it is given the rest of its time
            if (!process.process().waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the script closed its output but did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the script to exit", e);
        }
    }

    private static void writeBody(OutputStream stdin, byte[] body) {
        try (stdin) {
            stdin.write(body);
        } catch (IOException e) {
            // the script exited without reading all of its input; its answer still counts
        }
    }
}
