package org.procgate.connector.pool.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * The balancing choice: the backend with the fewest requests in flight for its weight (HAProxy's
 * {@code leastconn}, nginx's {@code least_conn}); among equally loaded ones, smooth weighted
 * round-robin, so a backend of weight 3 takes three turns in four against one of weight 1. A slow
 * backend keeps its requests longer and so is chosen less.
 */
final class LeastOutstanding {

    private LeastOutstanding() {
    }

    /** One of {@code candidates} (not empty), whose turn state it updates. */
    static BackendState choose(List<BackendState> candidates) {
        List<BackendState> least = new ArrayList<>();
        for (BackendState state : candidates) {
            if (least.isEmpty()) {
                least.add(state);
                continue;
            }
            BackendState best = least.get(0);
            // a/wa against b/wb without division
            long compare = (long) state.outstanding * best.backend.weight() - (long) best.outstanding * state.backend.weight();
            if (compare < 0) {
                least.clear();
                least.add(state);
            } else if (compare == 0) {
                least.add(state);
            }
        }
        return least.size() == 1 ? least.get(0) : inTurn(least);
    }

    private static BackendState inTurn(List<BackendState> equals) {
        long total = 0;
        BackendState chosen = null;
        for (BackendState state : equals) {
            state.turn += state.backend.weight();
            total += state.backend.weight();
            if (chosen == null || state.turn > chosen.turn) {
                chosen = state;
            }
        }
        chosen.turn -= total;
        return chosen;
    }
}
