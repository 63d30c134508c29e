package org.procgate.platform.boundary;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the {@code traceparent} a program
 * sees. A valid one from the client keeps its trace id and flags, with a new parent id for
 * procgate's hop; without one (or with an invalid one) a new trace starts, not sampled.
 */
final class TraceContext {

    static final String HEADER = "traceparent";
    /** Version 00: version, trace id, parent id, flags; the ids not all zeros, lower-case hex. */
    private static final Pattern VERSION_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_PARENT = "0".repeat(16);

    private TraceContext() {
    }

    /** The {@code traceparent} of procgate's hop for a request that came with {@code given} (or none). */
    static String childOf(String given) {
        if (given != null) {
            var parts = VERSION_00.matcher(given.strip());
            if (parts.matches() && !parts.group(1).equals(ZERO_TRACE) && !parts.group(2).equals(ZERO_PARENT)) {
                return "00-" + parts.group(1) + "-" + randomHex(8) + "-" + parts.group(3);
            }
        }
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-00";
    }

    /** The trace id of a {@code traceparent} this class made. */
    static String traceId(String traceparent) {
        return traceparent.length() >= 35 ? traceparent.substring(3, 35) : "";
    }

    /** Random ids, as the recommendation asks, from a fast generator: they must be unique, not secret. */
    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
