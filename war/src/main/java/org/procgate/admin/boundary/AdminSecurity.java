package org.procgate.admin.boundary;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.procgate.admin.control.AdminIdentityStore;

/**
 * HTTP Basic for {@code /admin} and everything under it: the console and its API answer 401 unless
 * the operator's credentials come with the request; every other path is public. Use it over TLS
 * when exposed beyond loopback.
 *
 * <p>The admin paths are guarded here rather than by a web.xml security constraint: with any URL
 * constraint in the application, GlassFish 7.0.21 authorizes a request for the context root as the
 * default pattern "/", which no qualified permission implies, and so refuses the public search
 * page to everyone (401, then 403 with valid credentials). Jakarta Security calls this mechanism
 * for every request on every server, so the check holds without a constraint. A constraint that a
 * deployer adds still works: a request it protects is challenged the same way.
 */
@DeclareRoles(AdminIdentityStore.ROLE)
@ApplicationScoped
public class AdminSecurity implements HttpAuthenticationMechanism {

    static final String REALM = "procgate admin";
    private static final String ADMIN = "/admin";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        UsernamePasswordCredential credential = basicCredential(request);
        if (credential != null) {
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID
                    && result.getCallerGroups().contains(AdminIdentityStore.ROLE)) {
                return context.notifyContainerAboutLogin(result);
            }
        }
        if (context.isProtected() || isAdminPath(request)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            return context.responseUnauthorized();
        }
        return context.doNothing();
    }

    /**
     * The path as the server mapped it (decoded and normalized), without path parameters, which
     * JAX-RS would ignore when it matches the request ({@code /admin;x/api} is {@code /admin/api}).
     */
    static boolean isAdminPath(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        path = path.replaceAll(";[^/]*", "");
        return path.equals(ADMIN) || path.startsWith(ADMIN + "/");
    }

    private static UsernamePasswordCredential basicCredential(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
