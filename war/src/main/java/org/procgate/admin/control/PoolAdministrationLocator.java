package org.procgate.admin.control;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolAdministration;
import org.procgate.connector.api.ProgramException;
import org.procgate.platform.control.NamingLookup;

/**
 * Finds the connector's pool administration: {@code java:app/procgate/admin} inside an EAR,
 * {@code procgate/admin} as a server resource.
 */
@ApplicationScoped
public class PoolAdministrationLocator {

    static final List<String> NAMES = List.of("java:app/procgate/admin", "procgate/admin");

    private volatile PoolAdministration found;

    public PoolAdministration administration() throws ProgramException {
        PoolAdministration current = found;
        if (current != null) {
            return current;
        }
        PoolAdministration administration = NamingLookup.first(NAMES, PoolAdministration.class).orElse(null);
        if (administration != null) {
            found = administration;
            return administration;
        }
        throw new ProgramException(Failure.UNAVAILABLE, "no pool administration bound as " + NAMES
                + "; define the connector's administered object (see the README)");
    }
}
