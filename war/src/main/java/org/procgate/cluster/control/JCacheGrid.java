package org.procgate.cluster.control;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The nodes' snapshots in a JCache cache of the server's data grid (Payara's Hazelcast, found at
 * {@code payara/CacheManager}): each entry expires {@link NodeView#TTL} after it was last
 * written, so a node that stops publishing (killed, cut off) leaves every node's view.
 */
final class JCacheGrid implements Grid {

    static final String CACHE_MANAGER = "payara/CacheManager";
    static final String CACHE = "procgate-nodes";

    private final Cache<String, String> cache;

    private JCacheGrid(Cache<String, String> cache) {
        this.cache = cache;
    }

    /** The server's grid; fails when it has none (a server without JCache, or its data grid off). */
    static Grid fromServer() throws NamingException {
        CacheManager manager = (CacheManager) new InitialContext().lookup(CACHE_MANAGER);
        Cache<String, String> cache = manager.getCache(CACHE, String.class, String.class);
        if (cache == null) {
            try {
                cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
                        .setTypes(String.class, String.class)
                        .setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(
                                new Duration(TimeUnit.MILLISECONDS, NodeView.TTL.toMillis()))));
            } catch (CacheException madeByAnotherNode) {
                cache = manager.getCache(CACHE, String.class, String.class);
            }
        }
        return new JCacheGrid(cache);
    }

    @Override
    public void publish(String node, String snapshot) {
        cache.put(node, snapshot);
    }

    @Override
    public Map<String, String> snapshots() {
        Map<String, String> all = new HashMap<>();
        for (Cache.Entry<String, String> entry : cache) {
            all.put(entry.getKey(), entry.getValue());
        }
        return all;
    }
}
