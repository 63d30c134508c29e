package org.procgate.platform.boundary;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail, the body of every error procgate answers.
 *
 * @param type   a URI naming the kind of problem ({@code about:blank}: the status says it all)
 * @param title  the status's reason phrase
 * @param status the HTTP status
 * @param detail what went wrong in this case, and what to do if anything
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Seconds a client should wait before retrying an overloaded or unavailable pool. */
    public static final String RETRY_AFTER_SECONDS = "1";

    public static Problem of(int status, String detail) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        return new Problem("about:blank", title, status, detail);
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 503) {
            builder.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return builder.build();
    }
}
