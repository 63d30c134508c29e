package org.procgate.loadtest;

/** How one request ended. */
enum Outcome {
    /** The answer its class expects. */
    OK,
    /** 503: the server said it cannot take the request now. */
    REJECTED,
    /** Anything else: a wrong status or body, a broken connection, no answer in time. */
    FAILED
}
