package org.procgate.connector.pool.fastcgi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** Keeps at most {@code cap} bytes of a request's FCGI_STDERR for the log; the rest is counted. */
final class StderrCapture implements Consumer<ByteBuffer> {

    private final int cap;
    private byte[] kept;
    private int length;
    private long dropped;

    StderrCapture(int cap) {
        this.cap = cap;
    }

    @Override
    public void accept(ByteBuffer content) {
        if (kept == null) {
            // most requests write no stderr: no buffer for them
            kept = new byte[cap];
        }
        int keep = Math.min(kept.length - length, content.remaining());
        content.get(kept, length, keep);
        length += keep;
        dropped += content.remaining();
        content.position(content.limit());
    }

    void logTo(Logger log, String source) {
        if (length > 0) {
            String text = new String(kept, 0, length, StandardCharsets.UTF_8).stripTrailing();
            log.warning(source + " stderr: " + text + (dropped > 0 ? " [" + dropped + " more bytes dropped]" : ""));
        }
    }
}
