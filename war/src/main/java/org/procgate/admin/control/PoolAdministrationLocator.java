package org.procgate.admin.control;

import java.util.List;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.enterprise.context.ApplicationScoped;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolAdministration;
import org.procgate.connector.api.ProgramException;

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
        try {
            InitialContext context = new InitialContext();
            for (String name : NAMES) {
                try {
                    if (context.lookup(name) instanceof PoolAdministration administration) {
                        found = administration;
                        return administration;
                    }
                } catch (NamingException notThere) {
                    // try the next naming scope
                }
            }
        } catch (NamingException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "naming service unavailable: " + e.getMessage(), e);
        }
        throw new ProgramException(Failure.UNAVAILABLE, "no pool administration bound as " + NAMES
                + "; define the connector's administered object (see the README)");
    }
}
