package org.procgate.connector.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that describes one pool, already parsed and checked. Built from the connection
 * factory's configuration properties; equal settings mean the same pool.
 *
 * @param name              the pool's name, unique in the resource adapter
 * @param kind              FastCGI workers or CGI per request
 * @param command           FastCGI: the worker's argument vector; CGI: an optional interpreter
 *                          (empty: scripts are executed directly, their #! line decides)
 * @param launch            FastCGI: how the worker gets its socket
 * @param scriptRoot        CGI: the directory scripts are run from
 * @param workingDirectory  the programs' working directory; {@code null}: the script's or command's directory
 * @param environment       variables the operator gives every program (the server's own never pass)
 * @param minWorkers        FastCGI: workers kept started; CGI: unused
 * @param maxWorkers        FastCGI: the most worker processes; CGI: the most concurrent processes
 * @param borrowTimeout     how long a request waits for a free worker or CGI slot before "overloaded"
 * @param requestTimeout    the whole request, sending to receiving; the program is killed past it
 * @param startTimeout      how long a new FastCGI worker has to accept connections
 * @param maxRequestsPerWorker FastCGI: a worker is replaced after this many requests (0: never)
 * @param maxRequestBodyBytes bodies over this are refused before the program sees them
 * @param maxResponseBytes  responses over this fail with 502
 * @param maxHeaderBytes    the program's header block may not be larger
 * @param maxStderrBytes    stderr kept for the log per request (FastCGI) or process (CGI)
 * @param headerAllowList   request headers passed as HTTP_* (lower case)
 * @param passAuthorization whether the Authorization header reaches the program
 * @param shutdownGrace     time between SIGTERM and SIGKILL when a worker is stopped
 */
public record PoolSettings(String name, PoolKind kind, List<String> command, LaunchMode launch,
                           Path scriptRoot, Path workingDirectory, Map<String, String> environment,
                           int minWorkers, int maxWorkers, Duration borrowTimeout, Duration requestTimeout,
                           Duration startTimeout, int maxRequestsPerWorker, long maxRequestBodyBytes,
                           long maxResponseBytes, int maxHeaderBytes, int maxStderrBytes,
                           Set<String> headerAllowList, boolean passAuthorization, Duration shutdownGrace) {

    /** Headers a program usually needs; everything else stays with the server. */
    public static final Set<String> DEFAULT_HEADER_ALLOW_LIST = Set.of(
            "accept", "accept-charset", "accept-encoding", "accept-language", "cache-control", "cookie",
            "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
            "origin", "pragma", "range", "referer", "user-agent", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-requested-with");

    public PoolSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        headerAllowList = Set.copyOf(headerAllowList);
        if (name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("pool name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (kind == PoolKind.FASTCGI && command.isEmpty()) {
            throw new IllegalArgumentException("pool " + name + ": a FastCGI pool needs a command");
        }
        if (kind == PoolKind.CGI && scriptRoot == null) {
            throw new IllegalArgumentException("pool " + name + ": a CGI pool needs a scriptRoot directory");
        }
        if (maxWorkers < 1 || minWorkers < 0 || minWorkers > maxWorkers) {
            throw new IllegalArgumentException("pool " + name + ": need 0 <= minWorkers <= maxWorkers and maxWorkers >= 1, got "
                    + minWorkers + " and " + maxWorkers);
        }
        for (Duration d : List.of(borrowTimeout, requestTimeout, startTimeout, shutdownGrace)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("pool " + name + ": every timeout must be positive (nothing waits forever)");
            }
        }
    }
}
