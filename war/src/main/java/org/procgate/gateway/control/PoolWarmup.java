package org.procgate.gateway.control;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.procgate.connector.api.ProgramException;
import org.procgate.database.control.DatabaseLifecycle;

/**
 * Opens every pool bound under the pool prefixes when the application starts, so their first
 * workers start now (as PHP-FPM's do) and the console shows every pool before any traffic.
 */
@ApplicationScoped
public class PoolWarmup {

    private static final Logger LOG = Logger.getLogger(PoolWarmup.class.getName());

    @Inject
    PoolDirectory pools;

    @Inject
    DatabaseLifecycle database;

    @Inject
    Event<PoolsOpened> opened;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // first: pool definitions refer to the database's ports and files
        database.start();
        for (String name : boundPoolNames()) {
            try {
                pools.factory(name).status();
            } catch (ProgramException e) {
                LOG.warning(() -> "pool " + name + " did not open: " + e.getMessage());
            }
        }
        opened.fire(new PoolsOpened());
    }

    /** Names bound below the pool prefixes; naming services that cannot list give none. */
    List<String> boundPoolNames() {
        List<String> names = new ArrayList<>();
        for (String prefix : PoolDirectory.PREFIXES) {
            String context = prefix.substring(0, prefix.length() - 1);
            try {
                NamingEnumeration<NameClassPair> entries = new InitialContext().list(context);
                while (entries.hasMore()) {
                    String name = entries.next().getName();
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
            } catch (NamingException notListable) {
                // pools still open on their first request
            }
        }
        return names;
    }
}
