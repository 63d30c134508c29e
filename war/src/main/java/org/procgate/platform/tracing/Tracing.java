package org.procgate.platform.tracing;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Spans for procgate's requests where the server has MicroProfile Telemetry (Payara; WildFly and
 * Open Liberty with their telemetry enabled), and none elsewhere. Whether the OpenTelemetry API is
 * there is found once; its classes are touched only then, so servers without them never load them.
 */
public final class Tracing {

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    private static final String TRACER_CLASS = "io.opentelemetry.api.trace.Tracer";
    private static volatile SpanStarter starter;

    private Tracing() {
    }

    /** The span of this request: a child of the server's own span, of the client's trace, or a new trace. */
    public static RequestSpan start(HttpServletRequest request) {
        SpanStarter known = starter;
        if (known == null) {
            known = find();
            starter = known;
        }
        return known.start(request);
    }

    private static SpanStarter find() {
        try {
            Class.forName(TRACER_CLASS, false, Tracing.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            LOG.fine("no OpenTelemetry API on this server: procgate makes no spans");
            return request -> RequestSpan.NONE;
        }
        try {
            return OpenTelemetrySpans.fromServer().<SpanStarter>map(spans -> spans::start).orElseGet(() -> {
                LOG.fine("the server provides no OpenTelemetry tracer: procgate makes no spans");
                return request -> RequestSpan.NONE;
            });
        } catch (RuntimeException | LinkageError unusable) {
            LOG.log(Level.WARNING, "the server's OpenTelemetry tracer cannot be used; procgate makes no spans", unusable);
            return request -> RequestSpan.NONE;
        }
    }

    @FunctionalInterface
    interface SpanStarter {
        RequestSpan start(HttpServletRequest request);
    }
}
