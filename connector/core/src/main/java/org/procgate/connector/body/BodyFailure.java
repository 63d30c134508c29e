package org.procgate.connector.body;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/** A request body that could not be passed on whole; the program was stopped or never started. */
public final class BodyFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final BodyPump.Outcome outcome;

    public BodyFailure(BodyPump.Outcome outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    public BodyPump.Outcome outcome() {
        return outcome;
    }

    /** The failure as the caller sees it: 413, 400, or a client that left. */
    public ProgramException toProgramException(String pool) {
        Failure failure = switch (outcome) {
            case TOO_LARGE -> Failure.REQUEST_TOO_LARGE;
            case CLIENT_FAILED -> Failure.CLIENT_ABORTED;
            default -> Failure.BAD_REQUEST;
        };
        return new ProgramException(failure, "pool " + pool + ": " + getMessage(), this);
    }

    /** Describes how the pump ended, as a failure. */
    public static BodyFailure of(BodyPump pump, long cap, long declared) {
        return of(pump.outcome(), pump.copied(), cap, declared);
    }

    public static BodyFailure of(BodyPump.Outcome outcome, long copied, long cap, long declared) {
        String message = switch (outcome) {
            case TOO_LARGE -> declared >= 0 && copied > declared
                    ? "request body longer than its Content-Length of " + declared + " bytes"
                    : "request body is over the limit of " + cap + " bytes";
            case TRUNCATED -> "request body has " + copied + " bytes, Content-Length said " + declared;
            case CLIENT_FAILED -> "the client went away while sending the request body";
            default -> "request body not passed on (" + outcome + ")";
        };
        return new BodyFailure(outcome, message);
    }
}
