package org.procgate.platform.boundary;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.procgate.connector.api.ProgramException;

/**
 * A failed program call becomes the problem+json of its failure (400, 404, 405, 413, 502, 503,
 * 504): the client's own mistakes described, everything else in a fixed sentence, with the
 * request id under which the log holds the cause.
 */
@Provider
public class ProgramExceptionMapper implements ExceptionMapper<ProgramException> {

    private static final Logger LOG = Logger.getLogger(ProgramExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(ProgramException e) {
        return problem(request, e).toResponse(e.headers());
    }

    /** The client's answer to a failed call, logged with the request's id. */
    static Problem problem(HttpServletRequest request, ProgramException e) {
        String id = RequestId.of(request);
        ProblemType type = ProblemType.of(e.failure());
        int status = e.failure().httpStatus();
        boolean serverSide = status >= 500;
        LOG.log(serverSide ? Level.WARNING : Level.FINE, "request " + id + " " + request.getMethod() + " "
                + request.getRequestURI() + ": " + e.failure() + ": " + e.getMessage(), serverSide ? e : null);
        return Problem.of(type, status, e.getMessage()).forRequest(id);
    }
}
