package org.procgate.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** Every procgate endpoint lives under the application root. The server describes them at {@code /openapi}. */
@ApplicationPath("")
@OpenAPIDefinition(info = @Info(title = "procgate", version = "0.1.0",
        description = "CGI and FastCGI programs as pooled resources of a Jakarta EE server; the record search is "
                + "served by those programs."))
public class ProcgateApplication extends Application {
}
