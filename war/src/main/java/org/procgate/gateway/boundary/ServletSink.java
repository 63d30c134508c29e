package org.procgate.gateway.boundary;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.OffloadedFile;
import org.procgate.connector.api.ResponseSink;

/**
 * A program's answer written to the HTTP response as it comes: the program's status and headers
 * as they are (a relative {@code Location} stays relative), minus what the server owns, then the
 * body, flushed whenever the program pauses. A file the program handed to the server goes out
 * with {@link FileRange}'s status and headers, through one bounded buffer; a local redirect is
 * only noted, for the gateway to follow.
 */
final class ServletSink implements ResponseSink {

    /** The server owns the connection and its framing; nginx's X-Accel-* are instructions to the gateway. */
    private static final Set<String> SERVER_OWNED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "trailer", "te", "x-accel-buffering");

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final boolean head;
    private String localRedirect;
    private ServletOutputStream out;
    private boolean started;
    private long written;

    ServletSink(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
        this.head = request.getMethod().equals("HEAD");
    }

    @Override
    public void localRedirect(String location) {
        localRedirect = location;
    }

    /** The path the program redirected to locally, or {@code null}. */
    String localRedirect() {
        return localRedirect;
    }

    @Override
    public void file(int status, List<Header> headers, OffloadedFile file) throws IOException {
        FileRange range = FileRange.of(status, headers, file.length(), file.etag(), file.lastModified(),
                request.getMethod(), request.getHeader("Range"), request.getHeader("If-Range"));
        head(range.status(), range.headers());
        if (!head && range.length() > 0) {
            file.copy(range.start(), range.length(), this);
        }
        flush();
    }

    @Override
    public void head(int status, List<Header> headers) throws IOException {
        started = true;
        response.setStatus(status);
        for (Header header : headers) {
            String name = header.name();
            if (SERVER_OWNED.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                response.setContentLengthLong(Long.parseLong(header.value()));
            } else {
                response.addHeader(name, header.value());
            }
        }
        out = response.getOutputStream();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (!head) {
            out.write(bytes, offset, length);
            written += length;
        }
    }

    @Override
    public void flush() throws IOException {
        boolean committing = !response.isCommitted();
        out.flush();
        if (committing) {
            // Open Liberty sends only the status and headers with the flush that commits them
            out.flush();
        }
    }

    /**
     * Whether part of the answer reached the client: a failure from now on aborts the response.
     * Before that, the program's status and headers may be set but can still be replaced.
     */
    boolean started() {
        return started && response.isCommitted();
    }

    /** Bytes of the program's body written to the client so far. */
    long written() {
        return written;
    }

    /**
     * The program's end of output: the response ends now (its last chunk, or its length, goes
     * out), while the program's exit is still awaited. Not after a local redirect, which the
     * gateway still has to follow.
     */
    @Override
    public void end() throws IOException {
        if (localRedirect != null || out == null) {
            return;
        }
        complete();
        out.close();
    }

    /**
     * The answer is complete. An error status with no body is committed as it is, so that no
     * server replaces the program's own answer with its error page.
     */
    void complete() throws IOException {
        if (response.getStatus() >= 400 && !response.isCommitted()) {
            response.flushBuffer();
        }
    }
}
