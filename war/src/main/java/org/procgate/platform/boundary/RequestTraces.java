package org.procgate.platform.boundary;

import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.RequestTrace;
import org.procgate.platform.tracing.RequestSpan;
import org.procgate.platform.tracing.Tracing;

/**
 * The one {@link RequestTrace} of an HTTP request: its id, its trace context, what its pool noted;
 * and its span where the server traces requests, which names the trace context the program sees.
 */
public final class RequestTraces {

    private static final String ATTRIBUTE = RequestTrace.class.getName();
    private static final String SPAN = RequestSpan.class.getName();

    private RequestTraces() {
    }

    public static RequestTrace of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof RequestTrace known) {
            return known;
        }
        RequestSpan span = Tracing.start(request);
        String traceparent = span.traceparent();
        if (traceparent.isEmpty()) {
            traceparent = TraceContext.childOf(request.getHeader(TraceContext.HEADER));
        }
        RequestTrace trace = new RequestTrace(RequestId.of(request), traceparent);
        request.setAttribute(ATTRIBUTE, trace);
        request.setAttribute(SPAN, span);
        return trace;
    }

    /** The request was answered with {@code status}: its span, if it has one, ends. */
    public static void ended(HttpServletRequest request, int status) {
        if (request.getAttribute(SPAN) instanceof RequestSpan span) {
            request.removeAttribute(SPAN);
            span.end(of(request), status);
        }
    }
}
