package org.procgate.admin.boundary;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;

import org.procgate.admin.control.AdminIdentityStore;

/** HTTP Basic for /admin (web.xml constrains the paths); use it over TLS when exposed beyond loopback. */
@BasicAuthenticationMechanismDefinition(realmName = "procgate admin")
@DeclareRoles(AdminIdentityStore.ROLE)
@ApplicationScoped
public class AdminSecurity {
}
