package org.procgate.platform.boundary;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.procgate.connector.api.ProgramException;

/** A failed program call becomes the problem+json of its failure's status (400, 404, 413, 502, 503, 504). */
@Provider
public class ProgramExceptionMapper implements ExceptionMapper<ProgramException> {

    private static final Logger LOG = Logger.getLogger(ProgramExceptionMapper.class.getName());

    @Override
    public Response toResponse(ProgramException e) {
        log(e);
        Response response = Problem.of(e.failure().httpStatus(), e.getMessage()).toResponse();
        if (e.headers().isEmpty()) {
            return response;
        }
        Response.ResponseBuilder withHeaders = Response.fromResponse(response);
        e.headers().forEach(header -> withHeaders.header(header.name(), header.value()));
        return withHeaders.build();
    }

    /** Server-side failures with their cause; a client's own failures and departures briefly. */
    static void log(ProgramException e) {
        int status = e.failure().httpStatus();
        boolean serverSide = status >= 500;
        LOG.log(serverSide ? Level.WARNING : Level.FINE, e.failure() + ": " + e.getMessage(), serverSide ? e : null);
    }
}
