package org.procgate.connector.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a response body in chunks. A full chunk is kept as it is instead of being copied into
 * a bigger array, so every byte is copied exactly twice, in and once into the final exact-size
 * array; doubling one array would copy a 10 MB body about three times and allocate four times
 * its size. A body whose length is known up front gets a first chunk of exactly that length
 * and is handed over without the second copy.
 */
final class ChunkedBody {

    private static final int FIRST_CHUNK = 8 * 1024;
    /** Chunks grow by doubling up to this, so a big body is a few dozen chunks at most. */
    private static final int MAX_CHUNK = 1024 * 1024;

    private final int maxSize;
    private final List<byte[]> fullChunks = new ArrayList<>();
    private byte[] chunk;
    private int chunkFilled;
    private int size;

    /**
     * @param expectedSize the body's declared length, or -1 if unknown
     * @param maxSize      the caller's cap; no chunk reaches past it
     */
    ChunkedBody(long expectedSize, int maxSize) {
        this.maxSize = maxSize;
        this.chunk = new byte[(int) (expectedSize >= 0 ? Math.min(expectedSize, maxSize) : Math.min(FIRST_CHUNK, maxSize))];
    }

    int size() {
        return size;
    }

    /** The caller keeps {@code size() + length <= maxSize}. */
    void put(byte[] source, int offset, int length) {
        int position = offset;
        int remaining = length;
        while (remaining > 0) {
            int n = Math.min(remaining, room());
            System.arraycopy(source, position, chunk, chunkFilled, n);
            advance(n);
            position += n;
            remaining -= n;
        }
    }

    /** Takes the next {@code length} bytes of {@code source}, advancing its position. */
    void put(ByteBuffer source, int length) {
        int remaining = length;
        while (remaining > 0) {
            int n = Math.min(remaining, room());
            source.get(chunk, chunkFilled, n);
            advance(n);
            remaining -= n;
        }
    }

    /** The body as one exact-size array; the chunks must not be written afterwards. */
    byte[] toByteArray() {
        if (fullChunks.isEmpty() && chunkFilled == chunk.length) {
            return chunk;
        }
        byte[] body = new byte[size];
        int position = 0;
        for (byte[] full : fullChunks) {
            System.arraycopy(full, 0, body, position, full.length);
            position += full.length;
        }
        System.arraycopy(chunk, 0, body, position, chunkFilled);
        return body;
    }

    /** Free space in the current chunk, starting a new chunk when it is full. */
    private int room() {
        if (chunkFilled == chunk.length) {
            if (chunk.length > 0) {
                fullChunks.add(chunk);
            }
            int next = Math.min(Math.max(FIRST_CHUNK, Math.min(2 * chunk.length, MAX_CHUNK)), maxSize - size);
            if (next <= 0) {
                throw new IllegalStateException("body over its maximum of " + maxSize + " bytes");
            }
            chunk = new byte[next];
            chunkFilled = 0;
        }
        return chunk.length - chunkFilled;
    }

    private void advance(int n) {
        chunkFilled += n;
        size += n;
    }
}
