package org.procgate.connector.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A byte array that grows by doubling, for encoders that build a message in one buffer and
 * reuse it for the next: no allocation per write, and none at all once the buffer has grown to
 * the usual message size. Owned by one encoder or parser; not thread-safe.
 */
public final class GrowableByteArray {

    /** The largest array a JVM reliably allocates. */
    public static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] array;
    private int size;

    public GrowableByteArray(int initialCapacity) {
        if (initialCapacity < 0 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("initialCapacity " + initialCapacity + " not in 0.." + MAX_CAPACITY);
        }
        this.array = new byte[initialCapacity];
    }

    /** Number of content bytes: {@code array()[0, size())}. */
    public int size() {
        return size;
    }

    public int capacity() {
        return array.length;
    }

    /**
     * The backing array; bytes {@code [0, size())} are the content. Growth replaces it, so
     * fetch it again after any call that may grow.
     */
    public byte[] array() {
        return array;
    }

    /** Forgets the content, keeps the array for reuse. */
    public void clear() {
        size = 0;
    }

    /**
     * Forgets the content and drops the array if it grew past {@code retainedCapacity}, so a
     * long-lived owner does not pin the memory of its one largest message.
     */
    public void clear(int retainedCapacity) {
        size = 0;
        if (array.length > retainedCapacity) {
            array = new byte[retainedCapacity];
        }
    }

    /** Makes room for {@code length} more bytes. */
    public void ensureWritable(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length > array.length - size) {
            grow((long) size + length);
        }
    }

    private void grow(long needed) {
        if (needed > MAX_CAPACITY) {
            throw new IllegalStateException("buffer would grow to " + needed + " bytes, over the maximum of " + MAX_CAPACITY);
        }
        long doubled = Math.max(16L, 2L * array.length);
        array = Arrays.copyOf(array, (int) Math.min(MAX_CAPACITY, Math.max(needed, doubled)));
    }

    /**
     * Appends {@code length} bytes the caller fills in itself and returns the index of the first:
     * lets an encoder write headers and numbers straight into {@link #array()}.
     */
    public int reserve(int length) {
        ensureWritable(length);
        int start = size;
        size += length;
        return start;
    }

    public void put(byte b) {
        if (size == array.length) {
            grow(size + 1L);
        }
        array[size++] = b;
    }

    public void put(byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        ensureWritable(length);
        System.arraycopy(source, offset, array, size, length);
        size += length;
    }

    /** A read-only view of the content, position 0; valid until the next clear or growth. */
    public ByteBuffer asReadOnlyByteBuffer() {
        return ByteBuffer.wrap(array, 0, size).asReadOnlyBuffer();
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(array, size);
    }
}
