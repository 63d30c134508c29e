package org.procgate.connector.hosts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.ProgramPool;

/**
 * Requests sent without pause by a few threads until stopped, each one recorded: when it started
 * and ended, which host answered (the first line of the body) or why it failed.
 */
final class Load implements AutoCloseable {

    /** One request: {@code host} is {@code null} when it failed. */
    record Outcome(long startNanos, long endNanos, String host, String failure) {
        boolean failed() {
            return host == null;
        }
    }

    private final ProgramPool pool;
    private final Supplier<ProgramRequest> request;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    Load(ProgramPool pool, int clients, Supplier<ProgramRequest> request) {
        this.pool = pool;
        this.request = request;
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(this::send, "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void send() {
        while (running) {
            long start = System.nanoTime();
            try {
                ProgramResponse response = pool.execute(request.get());
                String body = response.bodyText();
                String host = body.lines().findFirst().orElse("").split(" ")[0];
                outcomes.add(response.status() == 200 ? new Outcome(start, System.nanoTime(), host, null)
                        : new Outcome(start, System.nanoTime(), null, "status " + response.status()));
            } catch (ProgramException e) {
                outcomes.add(new Outcome(start, System.nanoTime(), null, e.failure() + ": " + e.getMessage()));
                // a client that meets an error does not hammer on: it tries again a little later
                pauseQuietly();
            }
        }
    }

    private void pauseQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops sending and waits for the requests in flight. */
    List<Outcome> stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static long count(List<Outcome> outcomes, Predicate<Outcome> which) {
        return outcomes.stream().filter(which).count();
    }

    static Predicate<Outcome> answeredBy(String host) {
        return o -> host.equals(o.host());
    }

    static Predicate<Outcome> startedBetween(long from, long to) {
        return o -> o.startNanos() >= from && o.startNanos() < to;
    }

    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
