package org.procgate.platform.boundary;

import java.util.Locale;

import org.procgate.connector.api.Failure;

/**
 * The kinds of problem procgate answers with, each named by a stable {@code type} URI
 * ({@code urn:procgate:problem:<name>}, listed in the README) that a client can act on. For the
 * kinds that are the server's or a program's doing the client gets a fixed sentence; what
 * happened inside (which pool, which worker, which file) goes only to the log, under the
 * request id the answer carries.
 */
public enum ProblemType {
    BAD_REQUEST("Bad request", null),
    INVALID_PARAMETER("Invalid parameter", null),
    NOT_FOUND("Not found", null),
    METHOD_NOT_ALLOWED("Method not allowed", null),
    REQUEST_TOO_LARGE("Request body too large", null),
    UNAUTHORIZED("Sign-in required", null),
    FORBIDDEN("Forbidden", null),
    CROSS_SITE_REQUEST("Cross-site request refused", null),
    READ_ONLY("Read-only user", null),
    PROGRAM_FAILED("Program failed", "The program ended before it answered."),
    PROGRAM_ANSWER_INVALID("Invalid answer from the program", "The program's answer was not a valid response."),
    LOCAL_REDIRECT("Local redirect not followed", null),
    OVERLOADED("Overloaded", "Every worker of the program stayed busy; try again shortly."),
    UNAVAILABLE("Program unavailable", "The program cannot run at the moment; try again later."),
    TIMEOUT("Program timed out", "The program did not answer in time."),
    CLIENT_ABORTED("Client closed request", "The client left before the answer ended.");

    private static final String PREFIX = "urn:procgate:problem:";

    private final String title;
    private final String fixedDetail;

    ProblemType(String title, String fixedDetail) {
        this.title = title;
        this.fixedDetail = fixedDetail;
    }

    /** The same for every occurrence of the kind. */
    public String title() {
        return title;
    }

    public String uri() {
        return PREFIX + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The detail the client gets: the given one for its own mistakes, a fixed sentence for the rest. */
    String detailFor(String internal) {
        return fixedDetail != null ? fixedDetail : internal;
    }

    public static ProblemType of(Failure failure) {
        return switch (failure) {
            case BAD_REQUEST -> BAD_REQUEST;
            case NOT_FOUND -> NOT_FOUND;
            case FORBIDDEN -> FORBIDDEN;
            case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
            case REQUEST_TOO_LARGE -> REQUEST_TOO_LARGE;
            case WORKER_DIED -> PROGRAM_FAILED;
            case PROTOCOL_ERROR -> PROGRAM_ANSWER_INVALID;
            case OVERLOADED -> OVERLOADED;
            case UNAVAILABLE -> UNAVAILABLE;
            case TIMEOUT -> TIMEOUT;
            case CLIENT_ABORTED -> CLIENT_ABORTED;
        };
    }
}
