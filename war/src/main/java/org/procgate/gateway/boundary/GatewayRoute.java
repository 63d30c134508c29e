package org.procgate.gateway.boundary;

/**
 * Which pool a gateway request is for, from the raw request path below the context root:
 * {@code /cgi-bin/...} (the cgi-bin pool), {@code /cgi/<pool>/...} and {@code /fcgi/<pool>/...}.
 *
 * @param pool        the pool's name
 * @param mount       the path that names the pool, as the client wrote it, e.g. {@code /fcgi/env}
 * @param rawPathInfo the rest of the raw path, still percent-encoded (the connector decodes it once)
 */
record GatewayRoute(String pool, String mount, String rawPathInfo) {

    /**
     * @param rawPath the request URI below the context path, e.g. {@code /fcgi/env/a%20b}
     * @return the route, or {@code null} if the path does not spell a mount literally (the server
     *         matched it after decoding, e.g. {@code /%66cgi/env}), which the gateway refuses
     */
    static GatewayRoute of(String rawPath, String cgiBinPool) {
        if (rawPath.equals("/cgi-bin") || rawPath.startsWith("/cgi-bin/")) {
            return new GatewayRoute(cgiBinPool, "/cgi-bin", rawPath.substring("/cgi-bin".length()));
        }
        for (String kind : new String[] {"/cgi/", "/fcgi/"}) {
            if (rawPath.startsWith(kind)) {
                int end = rawPath.indexOf('/', kind.length());
                String mount = end < 0 ? rawPath : rawPath.substring(0, end);
                String pool = mount.substring(kind.length());
                return pool.isEmpty() ? null : new GatewayRoute(pool, mount, rawPath.substring(mount.length()));
            }
        }
        return null;
    }
}
