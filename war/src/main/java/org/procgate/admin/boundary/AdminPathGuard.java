package org.procgate.admin.boundary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.admin.control.AdminCredentials;
import org.procgate.admin.control.AdminRole;
import org.procgate.platform.boundary.Problem;
import org.procgate.platform.boundary.ProblemType;
import org.procgate.platform.boundary.ProblemWriter;
import org.procgate.platform.boundary.RequestId;
import org.procgate.platform.control.ServerSetting;

/**
 * Lets a request for {@code /admin} or anything under it through only for the console's users,
 * who authenticate with HTTP Basic (use TLS when exposed beyond loopback). The server matches the
 * pattern on the decoded, normalized path, so no spelling of the path gets around it. In order:
 * <ol>
 * <li>with {@code procgate.admin.port} set, on any other local port the console does not exist (404);</li>
 * <li>every answer carries the console's security headers ({@link AdminResponseHeaders});</li>
 * <li>no valid credentials: 401 with a Basic challenge;</li>
 * <li>a state-changing method (anything but GET, HEAD, OPTIONS) from another site: 403 ({@link SameOriginRule});</li>
 * <li>a state-changing method from the viewer: 403.</li>
 * </ol>
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
    /** The request attributes holding the user's name and {@link AdminRole}, for resources behind the guard on any server. */
    public static final String USER_ATTRIBUTE = AdminPathGuard.class.getName() + ".user";
    public static final String ROLE_ATTRIBUTE = AdminRole.class.getName();
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    transient AdminCredentials credentials;

    private transient SameOriginRule sameOrigin;
    private Integer adminPort;

    @Override
    public void init() throws ServletException {
        sameOrigin = new SameOriginRule(ServerSetting.ADMIN_ORIGIN.value().orElse(null));
        String port = ServerSetting.ADMIN_PORT.value().orElse(null);
        try {
            adminPort = port == null || port.isBlank() ? null : Integer.valueOf(port.trim());
        } catch (NumberFormatException e) {
            throw new ServletException("procgate.admin.port must be a port number, not '" + port + "'", e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        AdminResponseHeaders.apply(response);
        if (adminPort != null && request.getLocalPort() != adminPort) {
            ProblemWriter.write(response, Problem.of(ProblemType.NOT_FOUND, HttpServletResponse.SC_NOT_FOUND, null)
                    .forRequest(RequestId.of(request)));
            return;
        }
        String[] user = basicCredentials(request.getHeader("Authorization"));
        Optional<AdminRole> role = user == null ? Optional.empty() : credentials.authenticate(user[0], user[1].toCharArray());
        if (role.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            ProblemWriter.write(response, Problem.of(ProblemType.UNAUTHORIZED, HttpServletResponse.SC_UNAUTHORIZED,
                    "the console is for its operator and viewer: sign in with HTTP Basic").forRequest(RequestId.of(request)));
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod())) {
            String crossSite = sameOrigin.refusal(request);
            if (crossSite != null) {
                ProblemWriter.write(response, Problem.of(ProblemType.CROSS_SITE_REQUEST, HttpServletResponse.SC_FORBIDDEN,
                        crossSite + "; nothing was done").forRequest(RequestId.of(request)));
                return;
            }
            if (!role.get().mayAct()) {
                ProblemWriter.write(response, Problem.of(ProblemType.READ_ONLY, HttpServletResponse.SC_FORBIDDEN,
                        "user '" + user[0] + "' may look but not act; nothing was done").forRequest(RequestId.of(request)));
                return;
            }
        }
        request.setAttribute(USER_ATTRIBUTE, user[0]);
        request.setAttribute(ROLE_ATTRIBUTE, role.get());
        chain.doFilter(new AdminUser(request, user[0], role.get()), response);
    }

    /** User name and password of a Basic Authorization header, or null. */
    private static String[] basicCredentials(String authorization) {
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
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** The request as the signed-in user's: who it is, and its one role. */
    private static final class AdminUser extends HttpServletRequestWrapper {
        private final Principal principal;
        private final AdminRole role;

        AdminUser(HttpServletRequest request, String user, AdminRole role) {
            super(request);
            this.principal = () -> user;
            this.role = role;
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
        public boolean isUserInRole(String name) {
            return role.roleName().equals(name);
        }

        @Override
        public String getAuthType() {
            return HttpServletRequest.BASIC_AUTH;
        }
    }
}
