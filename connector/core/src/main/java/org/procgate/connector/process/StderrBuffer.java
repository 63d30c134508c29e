package org.procgate.connector.process;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A program's stderr as far as the log keeps it: at most {@code cap} bytes, the rest counted and
 * dropped. Fed from a pipe ({@link StreamDrainer}) or from FastCGI's FCGI_STDERR records; most
 * requests write no stderr, so the buffer is made at the first byte.
 */
public final class StderrBuffer implements Consumer<ByteBuffer> {

    private final int cap;
    private byte[] kept;
    private int length;
    private long dropped;

    public StderrBuffer(int cap) {
        this.cap = cap;
    }

    /** Keeps what fits of an FCGI_STDERR record's content, which it consumes. */
    @Override
    public synchronized void accept(ByteBuffer content) {
        int keep = Math.min(room(), content.remaining());
        content.get(kept, length, keep);
        length += keep;
        dropped += content.remaining();
        content.position(content.limit());
    }

    /** Keeps what fits of bytes read from a pipe. */
    public synchronized void append(byte[] bytes, int offset, int count) {
        int keep = Math.min(room(), count);
        System.arraycopy(bytes, offset, kept, length, keep);
        length += keep;
        dropped += count - keep;
    }

    private int room() {
        if (kept == null) {
            kept = new byte[cap];
        }
        return cap - length;
    }

    /** What was kept, as text. */
    public synchronized String text() {
        return length == 0 ? "" : new String(kept, 0, length, StandardCharsets.UTF_8);
    }

    /** One warning line with what was kept, if anything was written. */
    public synchronized void logTo(Logger log, String source) {
        if (length > 0 && log.isLoggable(Level.WARNING)) {
            log.warning(source + " stderr: " + text().stripTrailing() + (dropped > 0 ? " [" + dropped + " more bytes dropped]" : ""));
        }
    }
}
