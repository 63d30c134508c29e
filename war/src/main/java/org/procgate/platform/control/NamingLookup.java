package org.procgate.platform.control;

import java.util.List;
import java.util.Optional;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * Finds a connector resource under the first of several JNDI names: {@code java:app/...} when it
 * is defined inside the EAR, a plain name when it is a server resource.
 */
public final class NamingLookup {

    private NamingLookup() {
    }

    /** The first object of this type bound under one of the names, in order. */
    public static <T> Optional<T> first(List<String> names, Class<T> type) throws ProgramException {
        InitialContext context;
        try {
            context = new InitialContext();
        } catch (NamingException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "naming service unavailable: " + e.getMessage(), e);
        }
        for (String name : names) {
            try {
                Object bound = context.lookup(name);
                if (type.isInstance(bound)) {
                    return Optional.of(type.cast(bound));
                }
            } catch (NamingException notThere) {
                // try the next naming scope
            }
        }
        return Optional.empty();
    }
}
