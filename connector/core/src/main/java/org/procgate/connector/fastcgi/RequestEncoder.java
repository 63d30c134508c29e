package org.procgate.connector.fastcgi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.procgate.connector.protocol.GrowableByteArray;

/**
 * Builds the records a web server sends for a request (BEGIN_REQUEST, PARAMS, STDIN, ...) into
 * one reusable buffer, so a request is written to the worker in one or two writes.
 *
 * <p>Every record's content is padded to a multiple of 8 bytes, as the specification
 * recommends, and padding bytes are zero. Reuse one encoder per connection: {@link #reset()}
 * keeps the buffer, so a reset/encode/output cycle allocates nothing once the buffer has grown
 * to the usual request size. Not thread-safe.
 */
public final class RequestEncoder {

    private static final int INITIAL_CAPACITY = 8 * 1024;
    /**
     * A buffer grown past this by one large request is let go at the next reset, so an idle
     * kept-alive connection does not hold on to that request's memory.
     */
    private static final int RETAINED_CAPACITY = 1024 * 1024;
    /** Header plus the most padding a record gets here. */
    private static final int RECORD_OVERHEAD = FastCgi.HEADER_LENGTH + 7;
    private static final byte[] NO_CONTENT = new byte[0];

    private final GrowableByteArray out = new GrowableByteArray(INITIAL_CAPACITY);
    /** PARAMS are encoded here first, then framed into records, since a pair may straddle two. */
    private final GrowableByteArray pairs = new GrowableByteArray(1024);

    public RequestEncoder() {
    }

    /** Forgets everything encoded; the buffer is kept for the next request. */
    public RequestEncoder reset() {
        out.clear(RETAINED_CAPACITY);
        pairs.clear(RETAINED_CAPACITY);
        return this;
    }

    /** A BEGIN_REQUEST record. */
    public RequestEncoder beginRequest(int requestId, Role role, boolean keepConn) {
        checkRequestId(requestId);
        Objects.requireNonNull(role, "role");
        int start = out.reserve(FastCgi.HEADER_LENGTH + FastCgi.BEGIN_REQUEST_BODY_LENGTH);
        byte[] bytes = out.array();
        putHeader(bytes, start, RecordType.BEGIN_REQUEST, requestId, FastCgi.BEGIN_REQUEST_BODY_LENGTH, 0);
        int body = start + FastCgi.HEADER_LENGTH;
        bytes[body] = (byte) (role.code() >>> 8);
        bytes[body + 1] = (byte) role.code();
        bytes[body + 2] = (byte) (keepConn ? FastCgi.KEEP_CONN : 0);
        for (int i = body + 3; i < body + FastCgi.BEGIN_REQUEST_BODY_LENGTH; i++) {
            bytes[i] = 0; // reserved
        }
        return this;
    }

    /**
     * All of {@code params} as a PARAMS stream, split into records of at most 65535 content
     * bytes, followed by the empty PARAMS record that ends the stream.
     */
    public RequestEncoder params(int requestId, Map<String, String> params) {
        checkRequestId(requestId);
        pairs.clear();
        for (Map.Entry<String, String> param : params.entrySet()) {
            NameValuePairs.encode(param.getKey(), param.getValue(), pairs);
        }
        putStream(RecordType.PARAMS, requestId, pairs.array(), 0, pairs.size());
        putRecord(RecordType.PARAMS, requestId, NO_CONTENT, 0, 0);
        return this;
    }

    /**
     * Body bytes as STDIN records of at most 65535 content bytes. Writes nothing for
     * {@code length} 0, because an empty STDIN record would end the stream: that is
     * {@link #endStdin}.
     */
    public RequestEncoder stdin(int requestId, byte[] data, int offset, int length) {
        checkRequestId(requestId);
        Objects.checkFromIndexSize(offset, length, data.length);
        putStream(RecordType.STDIN, requestId, data, offset, length);
        return this;
    }

    /** The empty STDIN record that ends the request body. */
    public RequestEncoder endStdin(int requestId) {
        checkRequestId(requestId);
        putRecord(RecordType.STDIN, requestId, NO_CONTENT, 0, 0);
        return this;
    }

    public RequestEncoder abortRequest(int requestId) {
        checkRequestId(requestId);
        putRecord(RecordType.ABORT_REQUEST, requestId, NO_CONTENT, 0, 0);
        return this;
    }

    /**
     * A GET_VALUES management record asking for {@code names} (e.g. {@link FastCgi#FCGI_MAX_CONNS}).
     *
     * @throws IllegalArgumentException if the names do not fit one record
     */
    public RequestEncoder getValues(Collection<String> names) {
        pairs.clear();
        for (String name : names) {
            NameValuePairs.encode(name, "", pairs);
        }
        if (pairs.size() > FastCgi.MAX_CONTENT_LENGTH) {
            throw new IllegalArgumentException("GET_VALUES names take " + pairs.size()
                    + " bytes, over the " + FastCgi.MAX_CONTENT_LENGTH + " of one record");
        }
        putRecord(RecordType.GET_VALUES, FastCgi.NULL_REQUEST_ID, pairs.array(), 0, pairs.size());
        return this;
    }

    /**
     * A read-only buffer over everything encoded since the last reset, position 0; valid until
     * the next reset or encode call.
     */
    public ByteBuffer output() {
        return out.asReadOnlyByteBuffer();
    }

    /** Writes everything encoded since the last reset, straight from the buffer's array. */
    public void writeTo(OutputStream stream) throws IOException {
        stream.write(out.array(), 0, out.size());
    }

    /** Number of bytes encoded since the last reset. */
    public int size() {
        return out.size();
    }

    private void putStream(RecordType type, int requestId, byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        int records = (length + FastCgi.MAX_CONTENT_LENGTH - 1) / FastCgi.MAX_CONTENT_LENGTH;
        out.ensureWritable(Math.addExact(length, Math.multiplyExact(records, RECORD_OVERHEAD)));
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int chunk = Math.min(end - position, FastCgi.MAX_CONTENT_LENGTH);
            putRecord(type, requestId, data, position, chunk);
            position += chunk;
        }
    }

    private void putRecord(RecordType type, int requestId, byte[] content, int offset, int length) {
        int padding = -length & 7;
        int start = out.reserve(FastCgi.HEADER_LENGTH + length + padding);
        byte[] bytes = out.array();
        putHeader(bytes, start, type, requestId, length, padding);
        int contentStart = start + FastCgi.HEADER_LENGTH;
        System.arraycopy(content, offset, bytes, contentStart, length);
        for (int i = contentStart + length; i < contentStart + length + padding; i++) {
            bytes[i] = 0;
        }
    }

    private static void putHeader(byte[] bytes, int at, RecordType type, int requestId, int contentLength, int padding) {
        bytes[at] = FastCgi.VERSION;
        bytes[at + 1] = (byte) type.code();
        bytes[at + 2] = (byte) (requestId >>> 8);
        bytes[at + 3] = (byte) requestId;
        bytes[at + 4] = (byte) (contentLength >>> 8);
        bytes[at + 5] = (byte) contentLength;
        bytes[at + 6] = (byte) padding;
        bytes[at + 7] = 0;
    }

    private static void checkRequestId(int requestId) {
        if (requestId < 1 || requestId > FastCgi.MAX_REQUEST_ID) {
            throw new IllegalArgumentException("request id " + requestId + " not in 1.." + FastCgi.MAX_REQUEST_ID);
        }
    }
}
