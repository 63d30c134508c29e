package org.procgate.connector.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.process.ManagedProcess;

/**
 * One FastCGI worker process and the single kept-alive connection procgate holds to it.
 * A worker serves one request at a time; requests queue in the pool, never in the worker's backlog.
 */
public final class FastCgiWorker {

    private final int id;
    private final ManagedProcess process;
    private final Path socket;
    private final FastCgiClient client;
    private final Instant started = Instant.now();
    private long requestsServed;

    FastCgiWorker(int id, ManagedProcess process, Path socket, FastCgiClient client) {
        this.id = id;
        this.process = process;
        this.socket = socket;
        this.client = client;
    }

    public int id() {
        return id;
    }

    public long pid() {
        return process.pid();
    }

    public Instant started() {
        return started;
    }

    public long requestsServed() {
        return requestsServed;
    }

    FastCgiClient client() {
        return client;
    }

    void countRequest() {
        requestsServed++;
    }

    boolean isHealthy() {
        return process.isAlive() && client.isReusable();
    }

    /** Breaks the connection so a blocked exchange fails now (used by the request watchdog). */
    void abort() {
        client.close();
    }

    /** Ends the process tree and removes the socket file. */
    void terminate(Duration grace) {
        client.close();
        process.terminateTree(grace);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // a stale socket file is removed again before the next worker binds
        }
    }

    @Override
    public String toString() {
        return "worker " + id + " (pid " + process.pid() + ")";
    }
}
