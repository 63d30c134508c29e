package org.procgate.gateway.boundary;

import jakarta.ws.rs.core.Response;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.gateway.control.ProgramCall;

/** A program's response as the HTTP response, minus the headers the server owns. */
final class ProgramResponses {

    private ProgramResponses() {
    }

    static Response toHttp(ProgramResponse response) {
        Response.ResponseBuilder builder = Response.status(response.status());
        for (Header header : response.headers()) {
            if (!ProgramCall.isHopByHop(header)) {
                builder.header(header.name(), header.value());
            }
        }
        if (response.body().length > 0) {
            builder.entity(response.body());
        }
        return builder.build();
    }
}
