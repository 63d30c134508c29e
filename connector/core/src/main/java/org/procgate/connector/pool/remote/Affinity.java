package org.procgate.connector.pool.remote;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.procgate.connector.api.ProgramRequest;

/**
 * Requests of one session to one backend, for programs that keep sessions on the worker's disk
 * (PHP's default file sessions): the key is a cookie's value or the client's address. A session
 * whose cookie a backend set goes back to that backend ({@link LearnedSessions}); any other key
 * goes to the backend in rotation with the highest score for it (rendezvous hashing, weighted),
 * so a backend that leaves moves only its own keys, and one that comes back gets them back.
 */
public final class Affinity {

    private static final Affinity NONE = new Affinity(null, false);

    private final String cookie;
    private final boolean client;

    private Affinity(String cookie, boolean client) {
        this.cookie = cookie;
        this.client = client;
    }

    /** From the {@code affinity} setting: {@code none}, {@code client} or {@code cookie:NAME}. */
    public static Affinity of(String setting) {
        String value = setting.strip();
        if (value.equals("client")) {
            return new Affinity(null, true);
        }
        if (value.toLowerCase(Locale.ROOT).startsWith("cookie:")) {
            return new Affinity(value.substring("cookie:".length()), false);
        }
        return NONE;
    }

    /** Sessions to learn from the answers, for cookie affinity; {@code null} otherwise. */
    public LearnedSessions learnedSessions() {
        return cookie == null ? null : new LearnedSessions(cookie);
    }

    /** The request's key, or {@code null}: no affinity (the setting is none, or the request has no such cookie). */
    public String keyOf(ProgramRequest request) {
        if (client) {
            return request.client().address();
        }
        if (cookie == null) {
            return null;
        }
        return request.header("Cookie").flatMap(this::cookieValue).orElse(null);
    }

    private Optional<String> cookieValue(String header) {
        for (String pair : header.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(cookie)) {
                String value = pair.substring(equals + 1).strip();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The backend for {@code key} among {@code inRotation} (not empty). */
    static BackendState owner(String key, List<BackendState> inRotation) {
        BackendState owner = null;
        double best = Double.NEGATIVE_INFINITY;
        for (BackendState state : inRotation) {
            double score = score(key, state.backend);
            if (score > best) {
                best = score;
                owner = state;
            }
        }
        return owner;
    }

    /** Weighted rendezvous score: -weight / ln(u), u uniform in (0, 1) from the key and the backend. */
    private static double score(String key, Backend backend) {
        CRC32C crc = new CRC32C();
        crc.update((key + "\n" + backend).getBytes(StandardCharsets.UTF_8));
        long mixed = mix(crc.getValue());
        double u = ((mixed >>> 11) + 0.5) / (1L << 53);
        return -backend.weight() / Math.log(u);
    }

    /** A 64-bit finaliser, so near keys spread over the whole range. */
    private static long mix(long value) {
        long z = value * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
