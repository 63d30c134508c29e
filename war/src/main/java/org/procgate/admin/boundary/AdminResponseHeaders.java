package org.procgate.admin.boundary;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers on every answer under {@code /admin}, the console page, its script, style and
 * library, the API and the refusals alike: no framing by any page, nothing but the console's own
 * files run or load, no guessing of content types, nothing kept by caches or browsers' history,
 * no address passed on to another site.
 */
final class AdminResponseHeaders {

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private AdminResponseHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
