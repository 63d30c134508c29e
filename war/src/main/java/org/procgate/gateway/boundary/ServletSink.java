package org.procgate.gateway.boundary;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ResponseSink;

/**
 * A program's answer written to the HTTP response as it comes: the program's status and headers
 * as they are (a relative {@code Location} stays relative), minus what the server owns, then the
 * body, flushed whenever the program pauses.
 */
final class ServletSink implements ResponseSink {

    /** The server owns the connection and its framing; nginx's X-Accel-* are instructions to the gateway. */
    private static final Set<String> SERVER_OWNED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "trailer", "te", "x-accel-buffering");

    private final HttpServletResponse response;
    private final boolean head;
    private ServletOutputStream out;
    private boolean started;
    private long written;

    /** @param head a HEAD request: headers only, whatever the program writes */
    ServletSink(HttpServletResponse response, boolean head) {
        this.response = response;
        this.head = head;
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
     * The answer is complete. An error status with no body is committed as it is, so that no
     * server replaces the program's own answer with its error page.
     */
    void complete() throws IOException {
        if (response.getStatus() >= 400 && !response.isCommitted()) {
            response.flushBuffer();
        }
    }
}
