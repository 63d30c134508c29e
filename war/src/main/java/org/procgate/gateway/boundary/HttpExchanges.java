package org.procgate.gateway.boundary;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestBody;
import org.procgate.connector.api.RequestTrace;

/** An HTTP request in the connector's terms (RFC 3875), with its body as a stream. */
final class HttpExchanges {

    private HttpExchanges() {
    }

    /**
     * @param user  the user the server signed in for a pool that names roles; {@code null} for any other pool
     * @param trace the request's id and trace context
     */
    static ProgramRequest describe(HttpServletRequest http, String scriptName, String rawPathInfo, ProgramRequest.RemoteUser user,
                                   RequestTrace trace) throws IOException {
        String query = http.getQueryString();
        ProgramRequest.Builder builder = ProgramRequest.builder(http.getMethod(), scriptName)
                .pathInfo(rawPathInfo)
                .queryString(query == null ? "" : query)
                .requestUri(query == null ? http.getRequestURI() : http.getRequestURI() + "?" + query)
                .protocol(http.getProtocol())
                .body(body(http))
                .client(new ProgramRequest.Endpoint(http.getRemoteAddr(), http.getRemoteAddr(), http.getRemotePort()))
                .server(new ProgramRequest.Endpoint(http.getServerName(), http.getLocalAddr(), http.getServerPort()))
                .secure(http.isSecure())
                .remoteUser(user)
                .trace(trace);
        for (Enumeration<String> names = http.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = http.getHeaders(name); values.hasMoreElements(); ) {
                builder.header(name, values.nextElement());
            }
        }
        return builder.build();
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
