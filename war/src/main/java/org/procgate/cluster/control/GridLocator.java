package org.procgate.cluster.control;

import java.util.logging.Logger;

/**
 * Finds the server's data grid once. JCache's classes are touched only when the server has them,
 * so a server without them never loads {@link JCacheGrid}.
 */
final class GridLocator {

    private static final Logger LOG = Logger.getLogger(GridLocator.class.getName());

    private GridLocator() {
    }

    static Grid find() {
        try {
            Class.forName("javax.cache.CacheManager", false, GridLocator.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            LOG.fine("no JCache on this server: each node sees only itself");
            return Grid.NONE;
        }
        try {
            return JCacheGrid.fromServer();
        } catch (Exception | LinkageError none) {
            LOG.fine(() -> "no data grid (" + none + "): each node sees only itself");
            return Grid.NONE;
        }
    }
}
