package org.procgate.connector.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A file a program asked the server to send in its place ({@code X-Accel-Redirect} or
 * {@code X-Sendfile} on a pool with a {@code sendfileRoot}): already found under the root,
 * confined and opened by the connector, which closes it once the sink has sent it.
 *
 * @param channel      the open file, read with positional reads only (the sink may send any range)
 * @param length       its size in bytes when it was opened
 * @param lastModified when it was last changed
 */
public record OffloadedFile(FileChannel channel, long length, Instant lastModified) {

    public OffloadedFile {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    /** A strong validator in nginx's form: modification time and size in hex, quoted. */
    public String etag() {
        return "\"" + Long.toHexString(lastModified.getEpochSecond()) + "-" + Long.toHexString(length) + "\"";
    }

    /**
     * Copies {@code count} bytes from {@code position} to the sink through one bounded buffer:
     * memory stays at that buffer whatever the file's size.
     *
     * @throws IOException the file ended early (it shrank since it was opened) or the sink failed
     */
    public void copy(long position, long count, ResponseSink sink) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER_BYTES, Math.max(count, 1)));
        long at = position;
        long end = position + count;
        while (at < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file shrank while it was sent: " + (at - position) + " of " + count + " bytes");
            }
            sink.write(buffer.array(), 0, n);
            at += n;
        }
    }

    /** The buffer {@link #copy} uses. */
    public static final int COPY_BUFFER_BYTES = 64 * 1024;
}
