package org.procgate.platform.boundary;

import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.RequestTrace;

/** The one {@link RequestTrace} of an HTTP request: its id, its trace context, what its pool noted. */
public final class RequestTraces {

    private static final String ATTRIBUTE = RequestTrace.class.getName();

    private RequestTraces() {
    }

    public static RequestTrace of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof RequestTrace known) {
            return known;
        }
        RequestTrace trace = new RequestTrace(RequestId.of(request), TraceContext.childOf(request.getHeader(TraceContext.HEADER)));
        request.setAttribute(ATTRIBUTE, trace);
        return trace;
    }
}
