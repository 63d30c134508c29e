package org.procgate.connector.offload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.procgate.connector.api.Header;

/**
 * A program's request that the server send a file in its place, read from its headers:
 * nginx's {@code X-Accel-Redirect: /path/under/root[?args]} (a URI path: the query is ignored,
 * the path is percent-decoded once) or Apache mod_xsendfile's {@code X-Sendfile: path} (a path
 * relative to the root, or an absolute one that lies under it; also decoded once, as
 * mod_xsendfile does by default).
 *
 * @param header  the header the program used, as it wrote its name
 * @param value   its value as written
 * @param headers the program's other headers: without the offload headers and without its
 *                {@code Content-Length}, which was about its own body, not the file
 */
public record OffloadRequest(String header, String value, List<Header> headers) {

    public static final String ACCEL_REDIRECT = "X-Accel-Redirect";
    public static final String SENDFILE = "X-Sendfile";
    private static final Set<String> OFFLOAD_HEADERS = Set.of("x-accel-redirect", "x-sendfile");

    /** The request in these headers, or {@code null} if they hold none; X-Accel-Redirect wins over X-Sendfile. */
    public static OffloadRequest in(List<Header> headers) {
        Header named = null;
        List<Header> rest = new ArrayList<>(headers.size());
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (OFFLOAD_HEADERS.contains(name)) {
                if (named == null || name.equals("x-accel-redirect")) {
                    named = header;
                }
            } else if (!name.equals("content-length")) {
                rest.add(header);
            }
        }
        return named == null ? null : new OffloadRequest(named.name(), named.value(), List.copyOf(rest));
    }

    /** The headers without the offload headers: what passes on when a pool offloads nothing. */
    public static List<Header> withoutOffloadHeaders(List<Header> headers) {
        return headers.stream().filter(h -> !OFFLOAD_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * The still-encoded path below the root that the value names.
     *
     * @param roots the root as configured and as its real path: an absolute X-Sendfile path must start with one
     * @return the path relative to the root, or {@code null} if an absolute X-Sendfile path lies outside it
     */
    public String rawPathUnder(List<String> roots) {
        if (header.equalsIgnoreCase(ACCEL_REDIRECT)) {
            int query = value.indexOf('?');
            return query < 0 ? value : value.substring(0, query);
        }
        if (!value.startsWith("/")) {
            return value;
        }
        for (String root : roots) {
            String prefix = root.endsWith("/") ? root : root + "/";
            if (value.startsWith(prefix)) {
                return value.substring(prefix.length());
            }
        }
        return null;
    }
}
