package org.procgate.connector.pool.remote;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ResponseSink;

/**
 * Which backend started each session: a program that sets the affinity cookie (PHP's
 * {@code Set-Cookie: PHPSESSID=...}) on an answer ties that session to the backend that gave it,
 * as nginx's {@code sticky learn} does. A hash of the cookie alone would send the session's second
 * request to whichever backend the hash names, not to the one that holds its file. The most
 * recently used sessions are kept, up to a bound; a session no longer known falls back to the hash.
 */
public final class LearnedSessions {

    /** Sessions remembered at most, the least recently used forgotten first (about 100 bytes each). */
    static final int CAPACITY = 100_000;

    private final String cookie;
    private final Map<String, Backend> owners = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Backend> eldest) {
            return size() > CAPACITY;
        }
    };

    public LearnedSessions(String cookie) {
        this.cookie = cookie;
    }

    /** The backend that started this session, or {@code null} if none is known. */
    public synchronized Backend ownerOf(String session) {
        return session == null ? null : owners.get(session);
    }

    synchronized void learn(String session, Backend backend) {
        owners.put(session, backend);
    }

    /** The sink, watching the answer's head for the cookie; {@code servedBy} names the backend that answered. */
    public ResponseSink watching(ResponseSink sink, Supplier<Backend> servedBy) {
        return new ResponseSink() {
            @Override
            public void head(int status, List<Header> headers) throws IOException {
                Backend backend = servedBy.get();
                if (backend != null) {
                    for (Header header : headers) {
                        String session = header.name().equalsIgnoreCase("Set-Cookie") ? sessionIn(header.value()) : null;
                        if (session != null) {
                            learn(session, backend);
                        }
                    }
                }
                sink.head(status, headers);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                sink.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }
        };
    }

    /** The value a {@code Set-Cookie} gives the affinity cookie, or {@code null}. */
    private String sessionIn(String setCookie) {
        int equals = setCookie.indexOf('=');
        if (equals <= 0 || !setCookie.substring(0, equals).strip().equals(cookie)) {
            return null;
        }
        int end = setCookie.indexOf(';', equals);
        String value = (end < 0 ? setCookie.substring(equals + 1) : setCookie.substring(equals + 1, end)).strip();
        return value.isEmpty() || value.equals("deleted") ? null : value;
    }
}
