package org.procgate.loadtest;

import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * One class of requests sent at a fixed rate, whatever the server does (open loop): a request
 * that the server answers late is counted late from the moment it was due, not from when it went.
 *
 * @param name      how the class is reported
 * @param perSecond requests a second
 * @param requests  the next request to send
 * @param check     what a good answer is
 */
public record Traffic(String name, double perSecond, Supplier<HttpRequest> requests, AnswerCheck check) {

    public Traffic {
        if (perSecond <= 0) {
            throw new IllegalArgumentException(name + ": the rate must be positive, not " + perSecond);
        }
    }

    /** The time between two requests of this class, in nanoseconds. */
    long periodNanos() {
        return Math.round(1_000_000_000.0 / perSecond);
    }
}
