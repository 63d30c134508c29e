package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.pool.remote.Backend;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessCpu;
import org.procgate.connector.process.ResidentMemory;

/**
 * One FastCGI worker and the single kept-alive connection procgate holds to it: a process
 * procgate started, or a connection to a remote backend. A worker serves one request at a
 * time; requests queue in the pool, never in the worker's backlog.
 */
public final class FastCgiWorker {

    private final int id;
    private final ManagedProcess process;
    private final Backend backend;
    private final Path socket;
    private final FastCgiClient client;
    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final long expiresAtNanos;
    private final Map<String, String> values;
    private volatile WorkerStatus.State state = WorkerStatus.State.IDLE;
    private volatile boolean retiring;
    private volatile boolean inRequest;
    private volatile long requestsServed;
    private volatile String requestUri = "";
    private volatile String requestMethod = "";
    private volatile long contentLength = -1;
    private volatile String script = "";
    private volatile String user = "";
    private volatile long requestStartNanos;
    private volatile long lastDurationNanos;

    /**
     * @param process   the worker process, or {@code null} for a remote backend
     * @param backend   the remote backend, or {@code null} for a spawned worker
     * @param socket    the socket file procgate made for a spawned worker, or {@code null}
     * @param lifetime  zero: no limit
     * @param values    what the worker answered to FCGI_GET_VALUES (empty if it did not)
     */
    FastCgiWorker(int id, ManagedProcess process, Backend backend, Path socket, FastCgiClient client, Duration lifetime,
                  Map<String, String> values) {
        this.id = id;
        this.process = process;
        this.backend = backend;
        this.socket = socket;
        this.client = client;
        this.values = Map.copyOf(values);
        this.expiresAtNanos = lifetime.isZero() ? Long.MAX_VALUE : startedNanos + jittered(lifetime);
    }

    /** Up to 10 % more, so workers started together are not all replaced at the same moment. */
    private static long jittered(Duration lifetime) {
        long nanos = lifetime.toNanos();
        return nanos + (long) (ThreadLocalRandom.current().nextDouble() * 0.1 * nanos);
    }

    public int id() {
        return id;
    }

    /** The process id, or 0 for a remote backend. */
    public long pid() {
        return process == null ? 0 : process.pid();
    }

    Backend backend() {
        return backend;
    }

    public Map<String, String> values() {
        return values;
    }

    FastCgiClient client() {
        return client;
    }

    long requestsServed() {
        return requestsServed;
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** A request begins: what the status shows of it, as PHP-FPM's does. */
    void requestStarted(String method, String uri, long declaredLength, String scriptName, String remoteUser) {
        requestMethod = method;
        contentLength = declaredLength;
        script = scriptName;
        user = remoteUser;
        requestUri = uri;
        requestStartNanos = System.nanoTime();
        inRequest = true;
        state = retiring ? WorkerStatus.State.DRAINING : WorkerStatus.State.BUSY;
    }

    void requestEnded() {
        lastDurationNanos = System.nanoTime() - requestStartNanos;
        requestsServed++;
        inRequest = false;
        state = retiring ? WorkerStatus.State.DRAINING : WorkerStatus.State.IDLE;
    }

    /** How long the last request took on this worker. */
    long lastRequestNanos() {
        return lastDurationNanos;
    }

    boolean isAlive() {
        return process == null || process.isAlive();
    }

    boolean isHealthy() {
        return !retiring && isAlive() && client.isReusable() && System.nanoTime() < expiresAtNanos;
    }

    /** Marks the worker to end: at once if idle, after its request if busy. */
    void retire() {
        retiring = true;
        if (state == WorkerStatus.State.IDLE) {
            state = WorkerStatus.State.DRAINING;
        }
    }

    /** Breaks the connection so a blocked exchange fails now (used by the request watchdog). */
    void abort() {
        client.close();
    }

    /** Ends the process tree (if procgate started one) and removes its socket file. */
    void terminate(Duration grace) {
        state = WorkerStatus.State.EXITING;
        client.close();
        if (process != null) {
            process.terminateTree(grace);
        }
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // a stale socket file is removed again before the next worker binds
            }
        }
    }

    WorkerStatus status() {
        long duration = inRequest ? System.nanoTime() - requestStartNanos : lastDurationNanos;
        return new WorkerStatus(pid(), state, started, requestsServed, requestUri, duration / 1_000_000,
                process == null ? 0 : ResidentMemory.of(process.pid()), requestMethod, contentLength, script, user,
                duration / 1_000, process == null ? 0 : ProcessCpu.percentSince(process.pid(), started));
    }

    @Override
    public String toString() {
        return process != null ? "worker " + id + " (pid " + process.pid() + ")" : "worker " + id + " (" + backend + ")";
    }
}
