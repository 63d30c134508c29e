package org.procgate.connector.cgi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/** Percent-decoding of URL paths, done exactly once ('+' is a plus in a path, not a space). */
public final class PathDecoder {

    private PathDecoder() {
    }

    public static String decodeOnce(String raw) throws ProgramException {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ProgramException(Failure.BAD_REQUEST, "malformed percent-encoding in the path");
        }
    }
}
