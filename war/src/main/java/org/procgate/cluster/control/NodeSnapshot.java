package org.procgate.cluster.control;

import java.time.Instant;
import java.util.List;

import org.procgate.connector.api.PoolStatus;

/** What a node publishes to the grid each second: who it is, where its admin API is, its pools. */
public record NodeSnapshot(String node, String url, Instant published, List<PoolStatus> pools) {
}
