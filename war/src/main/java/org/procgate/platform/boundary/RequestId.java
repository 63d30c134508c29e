package org.procgate.platform.boundary;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One id per request, the same in the answer ({@code X-Request-Id}, and a problem's
 * {@code requestId} and {@code instance}) and in the log: the {@code X-Request-Id} the request
 * came with when it is a UUID (a proxy in front gave it one), else a new random UUID.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestId.class.getName();
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RequestId() {
    }

    /**
     * A version 4 UUID from a fast generator: every request gets an id, and an id needs to be
     * unique, not unguessable (it names log lines; it opens nothing).
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48;
        return new UUID(high, low);
    }

    public static String of(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String given = request.getHeader(HEADER);
        String id = given != null && UUID_TEXT.matcher(given).matches()
                ? given.toLowerCase(Locale.ROOT) : randomUuid().toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
