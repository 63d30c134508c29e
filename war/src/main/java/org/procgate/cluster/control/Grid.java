package org.procgate.cluster.control;

import java.util.Map;

/**
 * Where the nodes of a cluster publish their state: the server's data grid, or nothing when the
 * server has none (each node then sees only itself).
 */
interface Grid {

    /** No grid: nothing is shared. */
    Grid NONE = new Grid() {
        @Override
        public void publish(String node, String snapshot) {
            // nobody else to tell
        }

        @Override
        public Map<String, String> snapshots() {
            return Map.of();
        }
    };

    /** This node's latest snapshot; it stays visible for {@link NodeView#TTL} unless published again. */
    void publish(String node, String snapshot);

    /** Every node's latest snapshot that has not expired, by node name. */
    Map<String, String> snapshots();
}
