package org.procgate.gateway.boundary;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.api.RequestTrace;

/** An HTTP request in the connector's terms (RFC 3875), with its body as a stream. */
final class HttpExchanges {

    /** Request headers about a body, which a local redirect's GET has not. */
    private static final Set<String> BODY_HEADERS = Set.of("content-length", "content-type", "transfer-encoding");

    /** The program request for a route, once its pool's user (if any) is known. */
    interface Describer {
        ProgramRequest describe(GatewayRoute route, ProgramRequest.RemoteUser user) throws IOException;
    }

    private HttpExchanges() {
    }

    /** The client's own request. */
    static Describer describer(HttpServletRequest http, String context, RequestTrace trace) {
        return (route, user) -> describe(http, context + route.mount(), route.rawPathInfo(), user, trace);
    }

    /**
     * The request a local redirect makes (RFC 3875 section 6.2.2): a GET of the new path and query
     * (a HEAD stays a HEAD), with the client's headers but no body.
     */
    static Describer redirectDescriber(HttpServletRequest http, String context, LocalRedirect redirect, RequestTrace trace) {
        return (route, user) -> {
            String query = redirect.query();
            ProgramRequest.Builder builder = common(http, http.getMethod().equals("HEAD") ? "HEAD" : "GET",
                    context + route.mount(), user, trace)
                    .pathInfo(route.rawPathInfo())
                    .queryString(query)
                    .requestUri(context + redirect.rawPath() + (query.isEmpty() ? "" : "?" + query));
            headers(http, builder, name -> !BODY_HEADERS.contains(name.toLowerCase(Locale.ROOT)));
            return builder.build();
        };
    }

    /**
     * @param user  the user the server signed in for a pool that names roles; {@code null} for any other pool
     * @param trace the request's id and trace context
     */
    static ProgramRequest describe(HttpServletRequest http, String scriptName, String rawPathInfo, ProgramRequest.RemoteUser user,
                                   RequestTrace trace) throws IOException {
        String query = http.getQueryString();
        ProgramRequest.Builder builder = common(http, http.getMethod(), scriptName, user, trace)
                .pathInfo(rawPathInfo)
                .queryString(query == null ? "" : query)
                .requestUri(query == null ? http.getRequestURI() : http.getRequestURI() + "?" + query)
                .body(body(http));
        headers(http, builder, name -> true);
        return builder.build();
    }

    private static ProgramRequest.Builder common(HttpServletRequest http, String method, String scriptName,
                                                 ProgramRequest.RemoteUser user, RequestTrace trace) {
        return ProgramRequest.builder(method, scriptName)
                .protocol(http.getProtocol())
                .client(new ProgramRequest.Endpoint(http.getRemoteAddr(), http.getRemoteAddr(), http.getRemotePort()))
                .server(new ProgramRequest.Endpoint(http.getServerName(), http.getLocalAddr(), http.getServerPort()))
                .secure(http.isSecure())
                .remoteUser(user)
                .trace(trace);
    }

    private static void headers(HttpServletRequest http, ProgramRequest.Builder builder, Predicate<String> passes) {
        for (Enumeration<String> names = http.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (!passes.test(name)) {
                continue;
            }
            for (Enumeration<String> values = http.getHeaders(name); values.hasMoreElements(); ) {
                builder.header(name, values.nextElement());
            }
        }
    }

    /**
     * The body as the client sends it, never read here: the connector reads it while the program
     * runs. Chunked requests have no declared length.
     */
    private static RequestBody body(HttpServletRequest http) throws IOException {
        long length = http.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(http.getHeader("Transfer-Encoding"));
        if (length <= 0 && !chunked) {
            return RequestBody.EMPTY;
        }
        return RequestBody.of(http.getInputStream(), chunked ? -1 : length);
    }
}
