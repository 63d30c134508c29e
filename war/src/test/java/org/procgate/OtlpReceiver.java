package org.procgate;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Receives what a server exports by OTLP over HTTP ({@code http/protobuf}, as a collector would
 * on its port 4318) on a free loopback port, and keeps the spans.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Span> spans = new ArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/v1/traces", this::traces);
        server.createContext("/", exchange -> answer(exchange, 404));
        server.start();
    }

    /** The endpoint to give the exporter ({@code otel.exporter.otlp.endpoint}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The first span received that matches, waiting for it at most {@code wait}. */
    Optional<Span> await(Predicate<Span> wanted, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            synchronized (spans) {
                Optional<Span> found = spans.stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found;
                }
                spans.wait(200);
            }
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** What was received so far, for a failure's message. */
    String received() {
        synchronized (spans) {
            return spans.stream().map(span -> span.getName() + " trace=" + hex(span.getTraceId().toByteArray()) + " id="
                    + hex(span.getSpanId().toByteArray()) + " parent=" + hex(span.getParentSpanId().toByteArray())).toList()
                    .toString();
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private void traces(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body);
            synchronized (spans) {
                export.getResourceSpansList().forEach(resource -> resource.getScopeSpansList()
                        .forEach(scope -> spans.addAll(scope.getSpansList())));
                spans.notifyAll();
            }
            answer(exchange, 200);
        } catch (IOException notOtlp) {
            answer(exchange, 400);
        }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
