package org.procgate.connector.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway knows about one HTTP request, in the terms of RFC 3875. The connector turns
 * it into the program's environment (CGI) or FASTCGI_PARAMS; the caller never sets raw
 * variables, so request data cannot override what the server sets.
 *
 * @param method       request method, e.g. {@code GET}
 * @param scriptName   the part of the path that names the program, e.g. {@code /cgi-bin/test.py}
 * @param pathInfo     the rest of the path after the script name, still percent-encoded as it came
 *                     (the connector decodes it exactly once); empty if none. For a CGI pool, the
 *                     script is found in it: scriptName is then the mount path, e.g. {@code /cgi-bin}
 * @param queryString  the raw (still encoded) query string, empty if none
 * @param requestUri   the raw request URI, for REQUEST_URI
 * @param protocol     e.g. {@code HTTP/1.1}
 * @param headers      request headers; the pool decides which become HTTP_* variables
 * @param body         the request body, read while the program runs ({@link RequestBody#EMPTY} if none)
 * @param client       remote address and port
 * @param server       server name, address and port the request came in on
 * @param secure       whether the request came in over TLS
 * @param remoteUser   the user the server signed in for this request, or {@code null} if none: the
 *                     program sees it as REMOTE_USER and AUTH_TYPE (RFC 3875 sections 4.1.1, 4.1.11)
 * @param trace        the request's id and trace context, and what the pool notes about serving it
 */
public record ProgramRequest(String method, String scriptName, String pathInfo, String queryString,
                             String requestUri, String protocol, List<Header> headers, RequestBody body,
                             Endpoint client, Endpoint server, boolean secure, RemoteUser remoteUser,
                             RequestTrace trace) {

    public ProgramRequest {
        Objects.requireNonNull(method, "method");
        scriptName = scriptName == null ? "" : scriptName;
        pathInfo = pathInfo == null ? "" : pathInfo;
        queryString = queryString == null ? "" : queryString;
        requestUri = requestUri == null ? scriptName + pathInfo + (queryString.isEmpty() ? "" : "?" + queryString) : requestUri;
        protocol = protocol == null ? "HTTP/1.1" : protocol;
        headers = List.copyOf(headers == null ? List.of() : headers);
        body = body == null ? RequestBody.EMPTY : body;
        client = client == null ? Endpoint.LOOPBACK : client;
        server = server == null ? Endpoint.LOOPBACK : server;
        trace = trace == null ? RequestTrace.none() : trace;
    }

    /** First header with this name, case-insensitive. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    public static Builder builder(String method, String scriptName) {
        return new Builder(method, scriptName);
    }

    /** A host (name or address) and port. */
    public record Endpoint(String host, String address, int port) {
        public static final Endpoint LOOPBACK = new Endpoint("localhost", "127.0.0.1", 0);
    }

    /**
     * The user the server authenticated, as the server names it and its way of authenticating.
     *
     * @param name               the user's name, as the server's {@code getRemoteUser()} gives it
     * @param authenticationType how the server authenticated the user, as the Servlet API's
     *                           {@code getAuthType()} gives it ({@code BASIC}, {@code DIGEST},
     *                           {@code FORM}, {@code CLIENT_CERT} or the server's own name); may be empty
     */
    public record RemoteUser(String name, String authenticationType) {
        public RemoteUser {
            Objects.requireNonNull(name, "name");
            authenticationType = authenticationType == null ? "" : authenticationType;
        }
    }

    /** Builds requests in tests and gateways without a wall of constructor arguments. */
    public static final class Builder {
        private final String method;
        private final String scriptName;
        private String pathInfo = "";
        private String queryString = "";
        private String requestUri;
        private String protocol = "HTTP/1.1";
        private final List<Header> headers = new ArrayList<>();
        private RequestBody body = RequestBody.EMPTY;
        private Endpoint client = Endpoint.LOOPBACK;
        private Endpoint server = Endpoint.LOOPBACK;
        private boolean secure;
        private RemoteUser remoteUser;
        private RequestTrace trace;

        private Builder(String method, String scriptName) {
            this.method = method;
            this.scriptName = scriptName;
        }

        public Builder pathInfo(String value) { this.pathInfo = value; return this; }
        public Builder queryString(String value) { this.queryString = value; return this; }
        public Builder requestUri(String value) { this.requestUri = value; return this; }
        public Builder protocol(String value) { this.protocol = value; return this; }
        public Builder header(String name, String value) { headers.add(new Header(name, value)); return this; }
        public Builder body(byte[] value) { this.body = RequestBody.of(value); return this; }
        public Builder body(RequestBody value) { this.body = value; return this; }
        public Builder client(Endpoint value) { this.client = value; return this; }
        public Builder server(Endpoint value) { this.server = value; return this; }
        public Builder secure(boolean value) { this.secure = value; return this; }
        /** The signed-in user; {@code null}: none. */
        public Builder remoteUser(RemoteUser value) { this.remoteUser = value; return this; }
        /** The request's id and trace context; {@code null}: none. */
        public Builder trace(RequestTrace value) { this.trace = value; return this; }

        public ProgramRequest build() {
            return new ProgramRequest(method, scriptName, pathInfo, queryString, requestUri, protocol,
                    headers, body, client, server, secure, remoteUser, trace);
        }
    }
}
