package org.procgate.platform.boundary;

import java.util.Map;

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

    /**
     * Jersey (Payara, GlassFish) validates a resource method's parameters itself, and the resources
     * are CDI beans, so Bean Validation's CDI interceptor validates the same call again (Jersey's pass
     * was a tenth of a search's samples on the request thread). With Jersey's own pass off,
     * the interceptor validates once and {@link ConstraintViolationMapper} answers 400 as before.
     * Other servers ignore the property.
     */
    static final String JERSEY_VALIDATION_OFF = "jersey.config.beanValidation.disable.server";

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(JERSEY_VALIDATION_OFF, true);
    }
}
