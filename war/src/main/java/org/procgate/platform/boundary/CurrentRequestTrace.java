package org.procgate.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.RequestTrace;

/**
 * The {@link RequestTrace} of the HTTP request being served, for code that is not handed the
 * servlet request (the search's program calls take it through {@code Provider<RequestTrace>}).
 */
@ApplicationScoped
public class CurrentRequestTrace {

    @Inject
    HttpServletRequest request;

    @Produces
    RequestTrace current() {
        return RequestTraces.of(request);
    }
}
