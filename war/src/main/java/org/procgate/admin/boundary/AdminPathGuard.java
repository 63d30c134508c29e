package org.procgate.admin.boundary;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.admin.control.AdminIdentityStore;

/**
 * Lets a request for {@code /admin} or anything under it through only for the operator. The server
 * matches the pattern on the decoded, normalized path, so no spelling of the path gets around it.
 * A caller the server has not yet authenticated is authenticated here ({@link AdminSecurity},
 * HTTP Basic): some servers (Open Liberty) run the mechanism only for paths a security constraint
 * protects, and web.xml declares none (see {@link AdminSecurity} for why).
 */
@WebFilter(filterName = "procgate-admin", urlPatterns = "/admin/*", asyncSupported = true)
public class AdminPathGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isUserInRole(AdminIdentityStore.ROLE)
                || request.authenticate(response) && request.isUserInRole(AdminIdentityStore.ROLE)) {
            chain.doFilter(request, response);
            return;
        }
        if (!response.isCommitted()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + AdminSecurity.REALM + "\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
    }
}
