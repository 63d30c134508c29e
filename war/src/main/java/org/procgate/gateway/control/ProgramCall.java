package org.procgate.gateway.control;

import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;

/** Passes an HTTP request to a named pool and brings back the program's response. */
@ApplicationScoped
public class ProgramCall {

    /** The gateway's own cap; each pool may set a lower one. */
    static final long MAX_BODY_BYTES = Long.getLong("procgate.gateway.maxBodyBytes", 10L * 1024 * 1024);

    @Inject
    PoolDirectory pools;

    /**
     * @param poolName   the pool to run on
     * @param scriptName SCRIPT_NAME as the client sees it (context path included)
     * @param pathInfo   the raw path after it (a CGI pool finds the script in it)
     */
    public ProgramResponse forward(String poolName, HttpServletRequest http, String scriptName, String pathInfo)
            throws ProgramException {
        byte[] body;
        try {
            body = BoundedBody.read(http.getInputStream(), http.getContentLengthLong(), MAX_BODY_BYTES);
        } catch (java.io.IOException e) {
            throw new ProgramException(org.procgate.connector.api.Failure.BAD_REQUEST, "could not read the request body", e);
        }
        return run(poolName, describe(http, scriptName, pathInfo, body));
    }

    public ProgramResponse run(String poolName, ProgramRequest request) throws ProgramException {
        try (ProgramConnection connection = pools.factory(poolName).getConnection()) {
            return connection.execute(request);
        }
    }

    /** The HTTP facts of the request, in RFC 3875 terms. */
    public static ProgramRequest describe(HttpServletRequest http, String scriptName, String pathInfo, byte[] body) {
        ProgramRequest.Builder builder = ProgramRequest.builder(http.getMethod(), scriptName)
                .pathInfo(pathInfo)
                .queryString(http.getQueryString() == null ? "" : http.getQueryString())
                .requestUri(http.getRequestURI() + (http.getQueryString() == null ? "" : "?" + http.getQueryString()))
                .protocol(http.getProtocol())
                .body(body)
                .client(new ProgramRequest.Endpoint(http.getRemoteAddr(), http.getRemoteAddr(), http.getRemotePort()))
                .server(new ProgramRequest.Endpoint(http.getServerName(), http.getLocalAddr(), http.getServerPort()))
                .secure(http.isSecure());
        for (String name : Collections.list(http.getHeaderNames())) {
            List<String> values = Collections.list(http.getHeaders(name));
            values.forEach(value -> builder.header(name, value));
        }
        return builder.build();
    }

    /** Response headers the program may not set, because the server owns the connection. */
    public static boolean isHopByHop(Header header) {
        String name = header.name();
        return name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive")
                || name.equalsIgnoreCase("Transfer-Encoding") || name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer");
    }
}
