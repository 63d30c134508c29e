package org.procgate.connector.protocol;

import java.util.List;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;

/** A sink that keeps the whole response in memory, for callers that want it as one value. */
public final class BodyCollector implements ResponseSink {

    /** The most a whole response may hold when the pool itself sets no limit. */
    public static final long DEFAULT_CAP = 64L * 1024 * 1024;

    private final long cap;
    private int status;
    private List<Header> headers;
    private ChunkedBody body;
    private ProgramResponse response;

    /** A collector that keeps at most {@code cap} body bytes (0: {@link #DEFAULT_CAP}). */
    public BodyCollector(long cap) {
        this.cap = Math.min(cap <= 0 ? DEFAULT_CAP : cap, GrowableByteArray.MAX_CAPACITY);
    }

    BodyCollector() {
        this(GrowableByteArray.MAX_CAPACITY);
    }

    /** The most body bytes this collector keeps; the parser fails a longer response. */
    long cap() {
        return cap;
    }

    /** Sizes the body store; called by the parser when the headers are complete. */
    void expect(long contentLength) {
        body = new ChunkedBody(contentLength, (int) cap);
    }

    @Override
    public void head(int status, List<Header> headers) {
        this.status = status;
        this.headers = headers;
        if (body == null) {
            body = new ChunkedBody(-1, (int) cap);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        body.put(bytes, offset, length);
    }

    @Override
    public void flush() {
        // everything is kept until the end
    }

    /** The response; only once the parser has ended it. */
    public ProgramResponse response() {
        if (headers == null) {
            throw new IllegalStateException("no response yet");
        }
        if (response == null) {
            response = new ProgramResponse(status, headers, body.toByteArray());
        }
        return response;
    }
}
