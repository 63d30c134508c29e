package org.procgate.gateway.boundary;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import org.procgate.platform.control.ServerSetting;

/**
 * Declares, as the application starts, the roles that pools may name ({@code procgate.gateway.roles}).
 * GlassFish and Payara know a role only if the application declares it: for any other,
 * {@code isUserInRole} is false whatever the user's groups. Pools are the operator's and may be
 * added to the running server, so their roles cannot be in web.xml; the operator lists them here.
 * WildFly and Open Liberty need no declaration, and take it the same way.
 */
@WebListener
public class DeclaredRoles implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DeclaredRoles.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Set<String> roles = named();
        if (!roles.isEmpty()) {
            event.getServletContext().declareRoles(roles.toArray(String[]::new));
            LOG.info("roles pools may require: " + String.join(", ", roles));
        }
    }

    /** The roles {@code procgate.gateway.roles} lists. */
    static Set<String> named() {
        return ServerSetting.GATEWAY_ROLES.value().stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::strip).filter(role -> !role.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
