package org.procgate.gateway.boundary;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a program's local redirect (RFC 3875 section 6.2.2) leads, as the gateway serves it: a
 * path of this application under one of the gateway's mounts, never anything else the server
 * serves (the admin console and API, the search, another application), which a forward inside
 * the server would reach without its own checks. Paths with '.' or '..' segments, encoded or
 * not, an encoded '/' or '\', or malformed escapes are refused too.
 *
 * @param route    the gateway route the path names
 * @param rawPath  the path below the context root, still encoded, e.g. {@code /cgi-bin/b.py/x}
 * @param query    the raw query string, empty if none
 */
record LocalRedirect(GatewayRoute route, String rawPath, String query) {

    /** The most local redirects one client request may follow; the next is a loop. */
    static final int MAX_HOPS = 5;

    /**
     * @param location    the program's {@code Location}, an absolute path with an optional query
     * @param contextPath the application's context path, e.g. {@code /procgate}
     * @return the redirect, or {@code null} if the gateway does not serve that path
     */
    static LocalRedirect of(String location, String contextPath, String cgiBinPool) {
        int queryAt = location.indexOf('?');
        String path = queryAt < 0 ? location : location.substring(0, queryAt);
        String query = queryAt < 0 ? "" : location.substring(queryAt + 1);
        int fragment = query.indexOf('#');
        if (fragment >= 0) {
            query = query.substring(0, fragment);
        }
        if (!path.startsWith(contextPath + "/") || !plain(path)) {
            return null;
        }
        String below = path.substring(contextPath.length());
        GatewayRoute route = GatewayRoute.of(below, cgiBinPool);
        return route == null ? null : new LocalRedirect(route, below, query);
    }

    /** No segment that is, or decodes to, '.' or '..', and no encoded separator. */
    private static boolean plain(String path) {
        if (path.indexOf('#') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                return false;
            }
        }
        return true;
    }
}
