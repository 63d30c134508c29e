package org.procgate.connector.pool;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.procgate.connector.api.ProgramRequest;

/** Test-only: the {@link ProgramRequest}s the pool tests send, named by what they ask for. */
public final class Requests {

    private Requests() {
    }

    /** GET of a path the worker dispatches on (or a file under the pool's document root). */
    public static ProgramRequest get(String path) {
        return get(path, "");
    }

    public static ProgramRequest get(String path, String query) {
        return ProgramRequest.builder("GET", "").pathInfo(path).queryString(query).build();
    }

    public static ProgramRequest post(String path, byte[] body) {
        return ProgramRequest.builder("POST", "").pathInfo(path).body(body)
                .header("Content-Type", "application/octet-stream").build();
    }

    public static ProgramRequest post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code size} bytes that differ from position to position, so a lost or moved piece shows. */
    public static byte[] pseudoRandomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new java.util.SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** The repeating 0..255 pattern the test programs send (test_app.py's {@code pattern}). */
    public static byte[] patternBytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of {@code size} bytes of the test programs' pattern (0..255 repeated), made a block at a time. */
    public static String patternSha256(long size) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] block = patternBytes(64 * 1024);
            for (long left = size; left > 0; left -= block.length) {
                digest.update(block, 0, (int) Math.min(left, block.length));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
