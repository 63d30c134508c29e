package org.procgate.connector.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What only a FastCGI pool uses. Sizing follows PHP-FPM's process manager; remote backends
 * follow nginx's upstream failure counting.
 *
 * @param launch               how the pool reaches its workers
 * @param addresses            REMOTE: the workers' addresses ({@code unix:/path} or {@code host:port})
 * @param processManager       static, dynamic or ondemand sizing
 * @param startWorkers         DYNAMIC: workers started with the pool
 * @param minSpareWorkers      DYNAMIC: idle workers kept ready
 * @param maxSpareWorkers      DYNAMIC: idle workers above this end at once
 * @param idleTimeout          DYNAMIC, ONDEMAND: an idle worker beyond the minimum ends after this
 * @param maxRequestsPerWorker a worker is replaced after this many requests (0: never)
 * @param maxLifetime          a worker is replaced after this long, plus up to 10 % jitter (zero: never)
 * @param maxWorkerMemoryBytes a worker whose resident memory is over this after a request is replaced (0: never)
 * @param startTimeout         how long a new worker has to accept connections
 * @param documentRoot         if set, SCRIPT_FILENAME is the file under it that the path names
 *                             (for php-cgi, fcgiwrap and other workers that serve files)
 * @param passEnvironment      names of the server's environment variables passed to workers
 * @param backendMaxFails      REMOTE: failures that take a backend out of rotation
 * @param backendFailTimeout   REMOTE: how long a failed backend stays out, and the window failures are counted in
 * @param backendMaxConnections REMOTE: connections procgate holds to one backend at most
 * @param maxWorkerMemoryBytes a worker whose resident memory is over this after a request is replaced (0: never)
 * @param backends             REMOTE: name lookups, health checks and affinity
 */
public record FastCgiSettings(LaunchMode launch, List<String> addresses, ProcessManager processManager,
                              int startWorkers, int minSpareWorkers, int maxSpareWorkers, Duration idleTimeout,
                              int maxRequestsPerWorker, Duration maxLifetime, Duration startTimeout,
                              Path documentRoot, Set<String> passEnvironment, int backendMaxFails,
                              Duration backendFailTimeout, int backendMaxConnections, long maxWorkerMemoryBytes,
                              BackendSettings backends) {

    /** Settings without health checks, name lookups or affinity for remote backends. */
    public FastCgiSettings(LaunchMode launch, List<String> addresses, ProcessManager processManager,
                           int startWorkers, int minSpareWorkers, int maxSpareWorkers, Duration idleTimeout,
                           int maxRequestsPerWorker, Duration maxLifetime, Duration startTimeout,
                           Path documentRoot, Set<String> passEnvironment, int backendMaxFails,
                           Duration backendFailTimeout, int backendMaxConnections, long maxWorkerMemoryBytes) {
        this(launch, addresses, processManager, startWorkers, minSpareWorkers, maxSpareWorkers, idleTimeout,
                maxRequestsPerWorker, maxLifetime, startTimeout, documentRoot, passEnvironment, backendMaxFails,
                backendFailTimeout, backendMaxConnections, maxWorkerMemoryBytes, BackendSettings.defaults());
    }

    /** Settings without a memory limit. */
    public FastCgiSettings(LaunchMode launch, List<String> addresses, ProcessManager processManager,
                           int startWorkers, int minSpareWorkers, int maxSpareWorkers, Duration idleTimeout,
                           int maxRequestsPerWorker, Duration maxLifetime, Duration startTimeout,
                           Path documentRoot, Set<String> passEnvironment, int backendMaxFails,
                           Duration backendFailTimeout, int backendMaxConnections) {
        this(launch, addresses, processManager, startWorkers, minSpareWorkers, maxSpareWorkers, idleTimeout,
                maxRequestsPerWorker, maxLifetime, startTimeout, documentRoot, passEnvironment, backendMaxFails,
                backendFailTimeout, backendMaxConnections, 0);
    }

    public FastCgiSettings {
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(processManager, "processManager");
        Objects.requireNonNull(backends, "backends");
        addresses = List.copyOf(addresses);
        passEnvironment = Set.copyOf(passEnvironment);
        if (launch == LaunchMode.REMOTE && addresses.isEmpty()) {
            throw new IllegalArgumentException("launch=remote needs addresses (unix:/path or host:port, comma-separated)");
        }
        if (startWorkers < 0 || minSpareWorkers < 0 || maxSpareWorkers < minSpareWorkers) {
            throw new IllegalArgumentException("need startWorkers >= 0 and 0 <= minSpareWorkers <= maxSpareWorkers, got "
                    + startWorkers + ", " + minSpareWorkers + ", " + maxSpareWorkers);
        }
        for (Duration d : List.of(idleTimeout, startTimeout, backendFailTimeout)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every timeout must be positive (nothing waits forever)");
            }
        }
        if (backendMaxConnections < 1) {
            throw new IllegalArgumentException("backendMaxConnections must be at least 1");
        }
        if (maxLifetime.isNegative()) {
            throw new IllegalArgumentException("maxLifetime must be zero (never) or positive");
        }
    }

    /** The connector's defaults (fd0 launch, dynamic sizing as PHP-FPM's www.conf), as the configuration properties have them. */
    public static FastCgiSettings defaults() {
        return PoolSettingsReader.defaults().fastcgi();
    }

    /** Workers kept idle and ready, whatever the load. */
    public int minIdle(int maxWorkers) {
        return switch (processManager) {
            case STATIC -> maxWorkers;
            case DYNAMIC -> Math.min(minSpareWorkers, maxWorkers);
            case ONDEMAND -> 0;
        };
    }

    /** Idle workers beyond this end at the next maintenance run (once a second), never as they are returned. */
    public int maxIdle(int maxWorkers) {
        return switch (processManager) {
            case STATIC, ONDEMAND -> maxWorkers;
            case DYNAMIC -> Math.min(Math.max(maxSpareWorkers, 1), maxWorkers);
        };
    }

    /** Workers started when the pool opens. */
    public int initialWorkers(int maxWorkers) {
        return switch (processManager) {
            case STATIC -> maxWorkers;
            case DYNAMIC -> Math.min(Math.max(startWorkers, minSpareWorkers), maxWorkers);
            case ONDEMAND -> 0;
        };
    }
}
