package org.procgate.admin.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.admin.control.AdminCredentials;

/**
 * Lets a request for {@code /admin} or anything under it through only for the operator, who
 * authenticates with HTTP Basic (use TLS when exposed beyond loopback). The server matches the
 * pattern on the decoded, normalized path, so no spelling of the path gets around it.
 *
 * <p>The guard is the application's own, and only here: no authentication mechanism of the
 * server's runs for the application, so the public paths (the search, the gateways) pay nothing
 * for the console's security (Jakarta Security calls an application's authentication mechanism on
 * every request, protected or not), and the same guard holds on every server without a security
 * constraint in web.xml (with one, GlassFish 7 refuses the public page at the context root).
 */
@WebFilter(filterName = "procgate-admin", urlPatterns = "/admin/*", asyncSupported = true)
public class AdminPathGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String REALM = "procgate admin";
    /** The operator's role, for code behind the guard that asks. */
    public static final String ROLE = "procgate-admin";

    @Inject
    transient AdminCredentials credentials;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String operator = operator(request.getHeader("Authorization"));
        if (operator != null) {
            chain.doFilter(new Operator(request, operator), response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** The user name if the header carries the operator's credentials, else {@code null}. */
    private String operator(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return credentials.matches(user, decoded.substring(colon + 1).toCharArray()) ? user : null;
    }

    /** The request as the operator's: who it is, and that it is in the operator's role. */
    private static final class Operator extends HttpServletRequestWrapper {
        private final Principal principal;

        Operator(HttpServletRequest request, String user) {
            super(request);
            this.principal = () -> user;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return ROLE.equals(role);
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }
    }
}
