package org.procgate.platform.tracing;

import java.time.Instant;
import java.util.Collections;
import java.util.Optional;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Starts a request's span with the server's OpenTelemetry tracer (MicroProfile Telemetry's
 * {@code Tracer} bean). Inside a span of the server's own (Payara traces every JAX-RS request) the
 * request's span is its child; otherwise it is the server span of the request, continuing the
 * client's {@code traceparent} if it sent one.
 */
final class OpenTelemetrySpans {

    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
            return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String name) {
            return request == null ? null : request.getHeader(name);
        }
    };

    private final Tracer tracer;

    private OpenTelemetrySpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The server's tracer, if it provides one to applications. */
    static Optional<OpenTelemetrySpans> fromServer() {
        var tracers = CDI.current().select(Tracer.class);
        return tracers.isResolvable() ? Optional.of(new OpenTelemetrySpans(tracers.get())) : Optional.empty();
    }

    RequestSpan start(HttpServletRequest request) {
        Context parent = Context.current();
        boolean inServerSpan = Span.fromContext(parent).getSpanContext().isValid();
        if (!inServerSpan) {
            parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), request, HEADERS);
        }
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        Span span = tracer.spanBuilder(request.getMethod() + " " + request.getServletPath())
                .setParent(parent)
                .setSpanKind(inServerSpan ? SpanKind.INTERNAL : SpanKind.SERVER)
                .setStartTimestamp(start)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.path", request.getRequestURI())
                .startSpan();
        if (!span.getSpanContext().isValid()) {
            return RequestSpan.NONE;
        }
        return new OpenTelemetryRequestSpan(tracer, span, start, startNanos);
    }
}
