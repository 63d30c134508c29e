package org.procgate.hello.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/hello}: the server's own ceiling. The same answer as the FastCGI program
 * {@code samples/fcgi/hello.pl} behind {@code /fcgi/hello} (and the Python
 * {@code samples/fcgi/hello_app.py} behind {@code /fcgi/hello-python}), so a benchmark of both
 * shows what the connector costs.
 */
// one instance for all requests: a resource created per request through CDI costs more than the answer
@ApplicationScoped
@Path("api/hello")
@Tag(name = "hello", description = "Trivial answers for measuring overhead")
public class HelloResource {

    public static final String GREETING = "Hello, world\n";

    @GET
    @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
    @Operation(summary = "Hello, from JAX-RS itself", description = "Compare with GET /fcgi/hello, the same text from a "
            + "FastCGI worker.")
    public String hello() {
        return GREETING;
    }
}
