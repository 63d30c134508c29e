package org.procgate.platform.boundary;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.procgate.connector.api.Header;

/**
 * An RFC 9457 problem detail, the body of every error procgate answers.
 *
 * @param type      a URI naming the kind of problem ({@link ProblemType}; {@code about:blank} for
 *                  the framework's plain HTTP errors, where the status says it all)
 * @param title     the kind's short name, or the status's reason phrase for {@code about:blank}
 * @param status    the HTTP status
 * @param detail    what went wrong in this case, and what to do if anything
 * @param instance  this occurrence: {@code urn:uuid:} and the request id
 * @param requestId the request's id, to quote when asking an operator (it is in the server's log)
 */
public record Problem(String type, String title, int status, String detail, String instance, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /**
     * Seconds a client should wait before retrying an overloaded or unavailable pool, where the
     * pool gave no {@code Retry-After} of its own (its queue's forecast, its crash backoff).
     */
    public static final String RETRY_AFTER_SECONDS = "1";
    public static final String RETRY_AFTER = "Retry-After";

    public static Problem of(int status, String detail) {
        return new Problem("about:blank", reason(status), status, detail, null, null);
    }

    public static Problem of(ProblemType type, int status, String detail) {
        return new Problem(type.uri(), type.title(), status, type.detailFor(detail), null, null);
    }

    /** The same problem as the answer to the request with this id. */
    public Problem forRequest(String id) {
        return new Problem(type, title, status, detail, "urn:uuid:" + id, id);
    }

    public Response toResponse() {
        return toResponse(List.of());
    }

    /** The answer, with headers the failure asks for ({@code Allow}, {@code Retry-After}). */
    public Response toResponse(List<Header> headers) {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (requestId != null) {
            builder.header(RequestId.HEADER, requestId);
        }
        headers.forEach(header -> builder.header(header.name(), header.value()));
        if (status == 503 && headers.stream().noneMatch(header -> header.name().equalsIgnoreCase(RETRY_AFTER))) {
            builder.header(RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.build();
    }

    private static String reason(int status) {
        Response.StatusType known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 499 ? "Client Closed Request" : "Error";
    }
}
