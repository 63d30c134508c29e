package org.procgate.admin.boundary;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a state-changing request to the console's API comes from the console itself, or from a
 * client that is not a browser, rather than from a page of another site riding on the browser's
 * cached credentials (cross-site request forgery). In this order:
 * <ol>
 * <li>{@code Sec-Fetch-Site}, which browsers set and pages cannot: only {@code same-origin}
 * (and {@code none}, a request the user made) pass; {@code same-site} does not, since a page on
 * another port or subdomain of the same host is not the console.</li>
 * <li>An {@code Origin} listed in {@code procgate.admin.origin} passes (the console's address
 * behind a proxy that changes the Host header or the scheme).</li>
 * <li>Without {@code Sec-Fetch-Site}: {@code Origin} passes if it is the request's own
 * {@code scheme://host[:port]}, from the Host header; any other origin, {@code null} included,
 * is refused.</li>
 * <li>Without either: browsers send {@code Origin} on every POST, PUT and DELETE, so this is a
 * script, curl or an old browser. It passes unless its body is of a type an HTML form can send
 * ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}):
 * a page of another site can make a browser send only those without asking the server first
 * (CORS preflight, which procgate never grants), and the API takes no body of those types.</li>
 * </ol>
 */
final class SameOriginRule {

    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

    private final Set<String> allowedOrigins;

    /** @param allowedOrigins a comma-separated list of origins ({@code https://console.example.org}), or null */
    SameOriginRule(String allowedOrigins) {
        this.allowedOrigins = allowedOrigins == null ? Set.of() : Arrays.stream(allowedOrigins.split(","))
                .map(String::trim).filter(o -> !o.isEmpty()).map(SameOriginRule::normalized).collect(Collectors.toUnmodifiableSet());
    }

    /** Null if the request may change state, else why it may not. */
    String refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (site != null && (site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none"))) {
            return null;
        }
        if (origin != null && allowedOrigins.contains(normalized(origin))) {
            return null;
        }
        if (site != null) {
            return "the browser says this request comes from another site (Sec-Fetch-Site: " + site + ")";
        }
        if (origin != null) {
            return normalized(origin).equals(ownOrigin(request)) ? null
                    : "the request comes from another origin (" + origin + "); the console's actions are for pages of its own origin"
                            + " (behind a proxy, list the console's address in procgate.admin.origin)";
        }
        String type = request.getContentType();
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return FORM_TYPES.contains(mediaType)
                ? "a request without Origin carrying a form body (" + mediaType + ") may come from another site's form"
                : null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        return normalized(scheme + "://" + host);
    }

    /** Lower case, without a default port: how browsers write an origin. */
    private static String normalized(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        if (lower.startsWith("https://") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
