package org.procgate.loadtest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every class of requests at its own fixed rate for a while, on one dispatching thread, and
 * records each answer against the moment its request was due. A server that slows down therefore
 * shows its full delay (no coordinated omission), and gets more requests in flight, not fewer.
 */
final class OpenLoop {

    /** Requests the generator lets be in flight at once; past it a request counts as failed, unsent. */
    static final int MAX_IN_FLIGHT = 4096;
    /** How long a request may take before it counts as failed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final Recorder recorder;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    OpenLoop(HttpClient client, Recorder recorder) {
        this.client = client;
        this.recorder = recorder;
    }

    /** Sends the classes from now for {@code duration}, then waits for the answers still due. */
    void run(List<Traffic> traffic, Duration duration) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long[] due = new long[traffic.size()];
        java.util.Arrays.fill(due, start);
        while (true) {
            int next = 0;
            for (int i = 1; i < due.length; i++) {
                if (due[i] < due[next]) {
                    next = i;
                }
            }
            if (due[next] >= end) {
                break;
            }
            long wait = due[next] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            send(traffic.get(next), due[next]);
            due[next] += traffic.get(next).periodNanos();
        }
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("answers still outstanding " + (REQUEST_TIMEOUT.toSeconds() + 10)
                    + " s after the load stopped");
        }
        inFlight.release(MAX_IN_FLIGHT);
    }

    private void send(Traffic traffic, long dueNanos) {
        if (!inFlight.tryAcquire()) {
            recorder.record(traffic.name(), dueNanos, System.nanoTime(), Outcome.FAILED, "not sent: "
                    + MAX_IN_FLIGHT + " requests already in flight", null);
            return;
        }
        HttpRequest request = traffic.requests().get();
        client.sendAsync(request, CountingBody.handler()).whenComplete((response, error) -> {
            try {
                long end = System.nanoTime();
                if (error != null) {
                    recorder.record(traffic.name(), dueNanos, end, Outcome.FAILED, describe(error), null);
                } else {
                    record(traffic, dueNanos, end, response);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    private void record(Traffic traffic, long dueNanos, long end, HttpResponse<CountingBody.Counted> response) {
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        Answer answer = new Answer(response.statusCode(), response.body().bytes(), response.body().head(), retryAfter);
        String problem = traffic.check().problem(answer);
        if (problem == null) {
            recorder.record(traffic.name(), dueNanos, end, Outcome.OK, null, null);
        } else if (answer.status() == 503) {
            recorder.record(traffic.name(), dueNanos, end, Outcome.REJECTED, "503", retryAfter);
        } else {
            recorder.record(traffic.name(), dueNanos, end, Outcome.FAILED, problem, null);
        }
    }

    static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
