package org.procgate.connector.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The launcher's stdout, read on a thread of its own: "ready PID" once it listens, then
 * "exit PID STATUS" for each child it reaped. A child's exit may be reported before its request
 * has learnt its pid, so either side may make the child's entry; the request removes it.
 * When the launcher is gone, the children it left are followed by pid until they end.
 */
final class ControlChannel implements Runnable {

    private static final Logger LOG = Logger.getLogger(ControlChannel.class.getName());

    private final InputStream stdout;
    private final String pool;
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    private volatile boolean ended;

    ControlChannel(InputStream stdout, String pool) {
        this.stdout = stdout;
        this.pool = pool;
    }

    @Override
    public void run() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                read(line.split(" "));
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "pool " + pool + ": launcher's control channel ended: " + e);
        } finally {
            ended = true;
            ready.completeExceptionally(new IOException("the launcher exited before it was ready"));
            exits.forEach(this::followOrphan);
        }
    }

    private void read(String[] words) {
        if (words.length == 2 && words[0].equals("ready")) {
            ready.complete(Long.parseLong(words[1]));
        } else if (words.length == 3 && words[0].equals("exit")) {
            exitOf(Long.parseLong(words[1])).complete(Integer.parseInt(words[2]));
        } else {
            LOG.warning(() -> "pool " + pool + ": the launcher said something unexpected: " + String.join(" ", words));
        }
    }

    /** The launcher's pid once it listens. */
    CompletableFuture<Long> ready() {
        return ready;
    }

    boolean ended() {
        return ended;
    }

    /** The future exit status of child {@code pid}, completed when the launcher reaps it. */
    CompletableFuture<Integer> exitOf(long pid) {
        CompletableFuture<Integer> exit = exits.computeIfAbsent(pid, p -> new CompletableFuture<>());
        if (ended) {
            followOrphan(pid, exit);
        }
        return exit;
    }

    /** The child's request has what it needs from the launcher. */
    void forget(long pid) {
        exits.remove(pid);
    }

    /** Nobody reports this child's exit any more: it ends when its process does. */
    private void followOrphan(long pid, CompletableFuture<Integer> exit) {
        ProcessHandle.of(pid).ifPresentOrElse(child -> child.onExit().thenRun(() -> exit.complete(-1)),
                () -> exit.complete(-1));
    }
}
