package org.procgate.bare;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code GET /bare/api/hello}: the same answer as procgate's /api/hello, from a WAR holding nothing else. */
@Path("hello")
public class HelloResource {

    @GET
    @Produces("text/plain;charset=utf-8")
    public String hello() {
        return "Hello, world\n";
    }
}
