package org.procgate.platform.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramException;

/** The problem+json of a failed program call or a refused request, for servlets and filters (JAX-RS resources use {@link ProgramExceptionMapper}). */
public final class ProblemWriter {

    private static final Jsonb JSON = JsonbBuilder.create();

    private ProblemWriter() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ProgramException e) throws IOException {
        Problem problem = ProgramExceptionMapper.problem(request, e);
        response.reset();
        for (Header header : e.headers()) {
            response.addHeader(header.name(), header.value());
        }
        write(response, problem);
    }

    /** The problem as the whole answer, keeping the headers already set. */
    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        if (problem.status() == 503 && !response.containsHeader(Problem.RETRY_AFTER)) {
            response.setHeader(Problem.RETRY_AFTER, Problem.RETRY_AFTER_SECONDS);
        }
        if (problem.requestId() != null) {
            response.setHeader(RequestId.HEADER, problem.requestId());
        }
        response.setContentType(Problem.MEDIA_TYPE);
        byte[] body = JSON.toJson(problem).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
