package org.procgate.connector.body;

import java.io.IOException;

import org.procgate.connector.api.RequestBody;

/**
 * The first part of a request body, read on the caller's thread before anything else: a small
 * body is then sent whole with the request, without a thread; a larger one is streamed by a
 * {@link BodyPump} that starts with this part. Reading it here also means the server answers a
 * client's {@code Expect: 100-continue} from its own request thread.
 *
 * @param bytes    the part read, {@code length} of them valid
 * @param length   how many bytes were read
 * @param complete whether that is the whole body
 */
public record InlineBody(byte[] bytes, int length, boolean complete) {

    private static final InlineBody NONE = new InlineBody(new byte[0], 0, true);

    /**
     * Reads up to {@code max} bytes: the whole body when it is that small.
     *
     * @param cap the pool's cap on bodies (0: none)
     * @throws BodyFailure the client's stream failed, ended before its declared length, or is over the cap
     */
    public static InlineBody read(RequestBody body, int max, long cap) throws BodyFailure {
        long declared = body.length();
        if (declared == 0) {
            return NONE;
        }
        int wanted = declared < 0 ? max : (int) Math.min(declared, max);
        byte[] bytes;
        try {
            bytes = body.stream().readNBytes(wanted);
        } catch (IOException e) {
            throw BodyFailure.of(BodyPump.Outcome.CLIENT_FAILED, 0, 0, declared);
        }
        if (declared >= 0 && bytes.length < wanted) {
            throw BodyFailure.of(BodyPump.Outcome.TRUNCATED, bytes.length, 0, declared);
        }
        if (cap > 0 && bytes.length > cap) {
            throw BodyFailure.of(BodyPump.Outcome.TOO_LARGE, bytes.length, cap, declared);
        }
        boolean complete = declared >= 0 ? declared <= max : bytes.length < max;
        return new InlineBody(bytes, bytes.length, complete);
    }
}
