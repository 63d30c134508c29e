package org.procgate.connector.pool;

import java.time.Duration;

/**
 * What only a FastCGI pool uses.
 *
 * @param launch               how a worker gets its listening socket
 * @param minWorkers           workers kept started
 * @param startTimeout         how long a new worker has to accept connections
 * @param maxRequestsPerWorker a worker is replaced after this many requests (0: never)
 */
public record FastCgiSettings(LaunchMode launch, int minWorkers, Duration startTimeout, int maxRequestsPerWorker) {

    public FastCgiSettings {
        java.util.Objects.requireNonNull(launch, "launch");
        java.util.Objects.requireNonNull(startTimeout, "startTimeout");
    }
}
