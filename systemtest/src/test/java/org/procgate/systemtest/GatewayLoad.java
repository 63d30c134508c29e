package org.procgate.systemtest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Clients that send GETs to one path, one after another each, until stopped, and keep every
 * answer: the 200s by their body's first word (what the worker reports), and every other answer
 * or transport error as a failure.
 */
final class GatewayLoad implements AutoCloseable {

    /** One answered request: the first word of the body and the second, the worker's process id. */
    record Answer(String word, long pid) {
    }

    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> byWord = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> clients = new ArrayList<>();

    private GatewayLoad() {
    }

    static GatewayLoad start(Procgate procgate, String path, int clients) {
        GatewayLoad load = new GatewayLoad();
        for (int i = 0; i < clients; i++) {
            Thread client = new Thread(() -> load.send(procgate, path), "load-client-" + i);
            client.setDaemon(true);
            load.clients.add(client);
            client.start();
        }
        return load;
    }

    private void send(Procgate procgate, String path) {
        while (running.get()) {
            try {
                HttpResponse<String> response = procgate.get(path);
                String[] words = response.body().strip().split(" ");
                if (response.statusCode() == 200 && words.length == 2) {
                    answers.add(new Answer(words[0], Long.parseLong(words[1])));
                    byWord.computeIfAbsent(words[0], w -> new AtomicInteger()).incrementAndGet();
                } else {
                    failures.add(response.statusCode() + " " + response.body());
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            }
        }
    }

    /** Waits, at most the timeout, until the condition holds; fails with what the load saw otherwise. */
    void awaitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; " + this);
            }
            Thread.sleep(50);
        }
    }

    /** Answers with this first word so far. */
    int answered(String word) {
        AtomicInteger count = byWord.get(word);
        return count == null ? 0 : count.get();
    }

    int total() {
        return answers.size() + failures.size();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** The answers from the n-th on, in the order they came. */
    List<Answer> answersFrom(int n) {
        synchronized (answers) {
            return List.copyOf(answers.subList(Math.min(n, answers.size()), answers.size()));
        }
    }

    int answerCount() {
        return answers.size();
    }

    /** Stops the clients; each ends after its request in flight, which has the suite's timeout. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(70).toMillis());
            if (client.isAlive()) {
                throw new IllegalStateException(client.getName() + " did not end");
            }
        }
    }

    @Override
    public String toString() {
        return total() + " requests, " + failures.size() + " failed, answers by generation " + byWord
                + (failures.isEmpty() ? "" : ", first failure: " + failures.get(0));
    }
}
