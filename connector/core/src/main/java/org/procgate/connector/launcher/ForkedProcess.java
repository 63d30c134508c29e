package org.procgate.connector.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A script the launcher forked, as a {@link Process}: its stdin and stdout are one connection,
 * its stderr another, and its exit status comes from the launcher's control channel. It is
 * signalled by pid like any process; it leads a session of its own.
 */
final class ForkedProcess extends Process {

    private final long pid;
    private final CompletableFuture<Integer> exit;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;

    ForkedProcess(long pid, SocketChannel io, SocketChannel err, CompletableFuture<Integer> exit) throws IOException {
        this.pid = pid;
        this.exit = exit;
        ChannelStreams both = new ChannelStreams(io, 2);
        this.stdin = both.output();
        this.stdout = both.input();
        this.stderr = new ChannelStreams(err, 1).input();
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            return -1;
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exit.getNow(-1);
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.handle((status, failure) -> this);
    }

    @Override
    public void destroy() {
        signal(false);
    }

    @Override
    public Process destroyForcibly() {
        signal(true);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    /** SIGTERM or SIGKILL, only while the launcher has not reported the exit: the pid is not reused before. */
    private void signal(boolean kill) {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(handle -> {
                if (kill) {
                    handle.destroyForcibly();
                } else {
                    handle.destroy();
                }
            });
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid).orElseThrow(() -> new UnsupportedOperationException("process " + pid + " has exited"));
    }

    @Override
    public Stream<ProcessHandle> children() {
        return ProcessHandle.of(pid).map(ProcessHandle::children).orElseGet(Stream::empty);
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return ProcessHandle.of(pid).map(ProcessHandle::descendants).orElseGet(Stream::empty);
    }

    @Override
    public String toString() {
        return "forked process " + pid;
    }
}
