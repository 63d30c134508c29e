package org.procgate.connector.pool;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Test-only: a request body of any size that is never held in memory: pseudo-random bytes made
 * as they are read, with the SHA-256 of what was read. It can also stop early, as a client that
 * leaves mid-upload does.
 */
public final class GeneratedBody extends InputStream {

    private final long size;
    private final SplittableRandom random;
    private final MessageDigest digest;
    private final long stopAt;
    private long position;

    /** @param stopAt the stream ends here (as a client that left), or -1 */
    public GeneratedBody(long size, long seed, long stopAt) {
        this.size = size;
        this.random = new SplittableRandom(seed);
        this.stopAt = stopAt;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public GeneratedBody(long size, long seed) {
        this(size, seed, -1);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        long end = stopAt >= 0 ? Math.min(stopAt, size) : size;
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(length, end - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) random.nextInt(256);
        }
        digest.update(buffer, offset, n);
        position += n;
        return n;
    }

    /** SHA-256 of the bytes read so far (all of them, once read to the end). */
    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
