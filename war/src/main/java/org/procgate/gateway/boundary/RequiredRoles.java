package org.procgate.gateway.boundary;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.connector.api.ProgramRequest.RemoteUser;
import org.procgate.platform.boundary.Problem;
import org.procgate.platform.boundary.ProblemType;
import org.procgate.platform.boundary.ProblemWriter;
import org.procgate.platform.boundary.RequestId;

/**
 * The check in front of a pool that names roles, done by the server: a request without a user is
 * authenticated by the server's own mechanism (web.xml's login-config, HTTP Basic against the
 * server's realm), which sends its challenge when it cannot sign anyone in; a user with none of
 * the roles gets 403. Only pools that name roles come here, so a public pool costs nothing.
 *
 * <p>A role is the server's to grant: the Servlet API's {@code isUserInRole}, else Jakarta
 * Security's {@code isCallerInRole}. Open Liberty answers the first only for roles the application
 * declares in its descriptors, and the second from its role bindings whatever the application
 * declares; WildFly associates a user the servlet signed in only with the first.
 */
final class RequiredRoles {

    private static final Logger LOG = Logger.getLogger(RequiredRoles.class.getName());
    /** Roles already named in a warning, so that each is named once. */
    private static final Set<String> UNDECLARED_WARNED = ConcurrentHashMap.newKeySet();

    private RequiredRoles() {
    }

    /**
     * @return the signed-in user, who has at least one of the roles; {@code null} if the answer
     *         (the server's challenge, or a refusal) has been given instead
     */
    static RemoteUser signedInUser(HttpServletRequest request, HttpServletResponse response, Set<String> roles,
                                   SecurityContext security) throws IOException {
        if (request.getUserPrincipal() == null && !authenticated(request, response)) {
            return null;
        }
        for (String role : roles) {
            if (request.isUserInRole(role) || security.isCallerInRole(role)) {
                return new RemoteUser(request.getRemoteUser(), request.getAuthType());
            }
        }
        warnOfUndeclared(roles);
        ProblemWriter.write(response, Problem.of(ProblemType.FORBIDDEN, HttpServletResponse.SC_FORBIDDEN,
                "user '" + request.getRemoteUser() + "' may not use this program").forRequest(RequestId.of(request)));
        return null;
    }

    /** A refusal may be the operator's oversight: a role the application never declared, which GlassFish and Payara grant nobody. */
    private static void warnOfUndeclared(Set<String> roles) {
        Set<String> declared = DeclaredRoles.named();
        for (String role : roles) {
            if (!declared.contains(role) && UNDECLARED_WARNED.add(role)) {
                LOG.warning("a pool requires role '" + role + "', which procgate.gateway.roles does not list: GlassFish and"
                        + " Payara grant no role the application did not declare at start");
            }
        }
    }

    /** Asks the server to sign the caller in; when it cannot, it has answered with its challenge. */
    private static boolean authenticated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (request.authenticate(response) && request.getUserPrincipal() != null) {
                return true;
            }
        } catch (ServletException refused) {
            // the server refused the credentials and left the answer to the application
        }
        if (!response.isCommitted()) {
            ProblemWriter.write(response, Problem.of(ProblemType.UNAUTHORIZED, HttpServletResponse.SC_UNAUTHORIZED,
                    "this program is for signed-in users").forRequest(RequestId.of(request)));
        }
        return false;
    }
}
