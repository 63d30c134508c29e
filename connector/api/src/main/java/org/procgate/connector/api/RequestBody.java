package org.procgate.connector.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * A request body as it arrives: a stream the connector reads while the program runs, and its
 * length if the client declared one. The connector reads the stream on the thread that called
 * {@code execute} or on one thread of its own, never both at once. When the program answers
 * without reading all of it, {@code execute} reads the rest and drops it before it returns,
 * waiting at most 5 seconds for a client still sending; the caller keeps the stream open until
 * {@code execute} returns and closes it.
 *
 * <p>A body shorter than its declared length, or one that fails while being read, stops the
 * program: it never sees a truncated body as a complete one.
 */
public final class RequestBody {

    /** No body. */
    public static final RequestBody EMPTY = new RequestBody(InputStream.nullInputStream(), 0);

    private final InputStream stream;
    private final long length;

    private RequestBody(InputStream stream, long length) {
        this.stream = Objects.requireNonNull(stream, "stream");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
        }
        this.length = length;
    }

    /** A body held in memory. */
    public static RequestBody of(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? EMPTY : new RequestBody(new ByteArrayInputStream(bytes), bytes.length);
    }

    /**
     * A body read from a stream.
     *
     * @param length the declared length (Content-Length), or -1 when unknown (chunked)
     */
    public static RequestBody of(InputStream stream, long length) {
        return length == 0 ? EMPTY : new RequestBody(stream, length);
    }

    public InputStream stream() {
        return stream;
    }

    /** The declared length, or -1 when the body ends only where the stream ends. */
    public long length() {
        return length;
    }

    /** Whether the request has no body at all. */
    public boolean isEmpty() {
        return length == 0;
    }
}
