package org.procgate.platform.tracing;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import org.procgate.connector.api.RequestTrace;

/**
 * A request's OpenTelemetry span. When the request ends, the wait for a worker ("pool wait") and
 * the program's work ("program") become its children, timed from what the pool noted; a program
 * that traces itself continues the trace under the request's span, which its
 * {@code HTTP_TRACEPARENT} names.
 */
final class OpenTelemetryRequestSpan implements RequestSpan {

    private final Tracer tracer;
    private final Span span;
    private final long startEpochNanos;
    private final long startNanos;

    OpenTelemetryRequestSpan(Tracer tracer, Span span, Instant start, long startNanos) {
        this.tracer = tracer;
        this.span = span;
        this.startEpochNanos = TimeUnit.SECONDS.toNanos(start.getEpochSecond()) + start.getNano();
        this.startNanos = startNanos;
    }

    @Override
    public String traceparent() {
        SpanContext context = span.getSpanContext();
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    @Override
    public void end(RequestTrace trace, int status) {
        long end = System.nanoTime();
        if (!trace.pool().isEmpty()) {
            span.setAttribute("procgate.pool", trace.pool());
        }
        if (!trace.requestId().isEmpty()) {
            span.setAttribute("procgate.request_id", trace.requestId());
        }
        if (trace.waitNanos() >= 0) {
            child("pool wait", SpanKind.INTERNAL, trace.waitEndedAt() - trace.waitNanos(), trace.waitEndedAt())
                    .end(epochNanos(trace.waitEndedAt()), TimeUnit.NANOSECONDS);
        }
        if (trace.programNanos() >= 0) {
            Span program = child("program", SpanKind.CLIENT, trace.programEndedAt() - trace.programNanos(),
                    trace.programEndedAt());
            if (trace.pid() > 0) {
                program.setAttribute("process.pid", trace.pid());
            }
            program.end(epochNanos(trace.programEndedAt()), TimeUnit.NANOSECONDS);
        }
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(epochNanos(end), TimeUnit.NANOSECONDS);
    }

    private Span child(String name, SpanKind kind, long startedAt, long endedAt) {
        return tracer.spanBuilder(name)
                .setParent(Context.root().with(span))
                .setSpanKind(kind)
                .setStartTimestamp(epochNanos(Math.max(startNanos, Math.min(startedAt, endedAt))), TimeUnit.NANOSECONDS)
                .startSpan();
    }

    private long epochNanos(long nanoTime) {
        return startEpochNanos + (nanoTime - startNanos);
    }
}
