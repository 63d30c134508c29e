package org.procgate.platform.tracing;

import org.procgate.connector.api.RequestTrace;

/**
 * A request's span in the server's tracing (OpenTelemetry, where the server provides MicroProfile
 * Telemetry), or {@link #NONE}: the program's {@code traceparent} names it as the parent, and the
 * pool's wait and the program's work become its children when the request ends.
 */
public interface RequestSpan {

    /** No tracing: procgate keeps the trace context to itself (access log, the program's environment). */
    RequestSpan NONE = new RequestSpan() {
        @Override
        public String traceparent() {
            return "";
        }

        @Override
        public void end(RequestTrace trace, int status) {
            // nothing was started
        }
    };

    /** The W3C {@code traceparent} of this span, for the program; empty when there is no span. */
    String traceparent();

    /** The request ended with {@code status}; what its pool noted in {@code trace} becomes child spans. */
    void end(RequestTrace trace, int status);
}
