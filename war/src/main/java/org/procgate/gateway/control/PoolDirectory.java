package org.procgate.gateway.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.platform.control.NamingLookup;

/**
 * Finds a pool's connection factory by the pool's name. Pools are server resources, so an
 * operator adds one without rebuilding the application: a connector resource bound as
 * {@code procgate/pool/<name>} (server-wide) or {@code java:app/procgate/pool/<name>}
 * (defined inside an EAR). A factory is looked up once and kept until the server replaces it
 * ({@link ProgramConnectionFactory#replaced()}: an operator changed the pool with the server's
 * own tooling); the pool is then looked up again, where the server binds the new one.
 */
@ApplicationScoped
public class PoolDirectory {

    private static final Logger LOG = Logger.getLogger(PoolDirectory.class.getName());

    static final List<String> PREFIXES = List.of("java:app/procgate/pool/", "procgate/pool/");
    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Map<String, ProgramConnectionFactory> cache = new ConcurrentHashMap<>();

    @Inject
    Event<PoolFound> found;

    public ProgramConnectionFactory factory(String poolName) throws ProgramException {
        if (poolName == null || !POOL_NAME.matcher(poolName).matches()) {
            throw new ProgramException(Failure.NOT_FOUND, "no pool named '" + poolName + "'");
        }
        ProgramConnectionFactory cached = cache.get(poolName);
        if (cached == null) {
            return firstLookup(poolName);
        }
        return cached.replaced() ? lookUpAgain(poolName, cached) : cached;
    }

    private ProgramConnectionFactory firstLookup(String poolName) throws ProgramException {
        ProgramConnectionFactory factory = lookup(poolName);
        if (cache.putIfAbsent(poolName, factory) == null) {
            found.fire(new PoolFound(poolName));
        }
        return factory;
    }

    /** Looks the pool up again for a replaced factory; the first request to find it replaced puts the new one in its place. */
    private ProgramConnectionFactory lookUpAgain(String poolName, ProgramConnectionFactory replaced) throws ProgramException {
        ProgramConnectionFactory factory = lookup(poolName);
        if (cache.replace(poolName, replaced, factory)) {
            LOG.info(() -> "pool " + poolName + ": the server replaced its connection factory (its definition changed); "
                    + "the new one is used from now on");
        }
        return factory;
    }

    /** The factory bound for the pool now. */
    ProgramConnectionFactory lookup(String poolName) throws ProgramException {
        List<String> names = PREFIXES.stream().map(prefix -> prefix + poolName).toList();
        return NamingLookup.first(names, ProgramConnectionFactory.class).orElseThrow(() -> new ProgramException(
                Failure.NOT_FOUND, "no pool named '" + poolName + "'; define a connector resource " + PREFIXES.get(1) + poolName));
    }
}
