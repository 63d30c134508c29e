package org.procgate.connector.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything that describes one pool, already parsed and checked. Built from the connection
 * factory's configuration properties; equal settings mean the same pool. What only one kind of
 * pool uses lives in {@link FastCgiSettings} or {@link CgiSettings}.
 *
 * @param name              the pool's name, unique in the resource adapter
 * @param kind              FastCGI workers or CGI per request
 * @param command           FastCGI: the worker's argument vector; CGI: an optional interpreter
 *                          (empty: scripts are executed directly, their #! line decides)
 * @param workingDirectory  the programs' working directory; {@code null}: the script's or command's directory
 * @param environment       variables the operator gives every program (the server's own never pass)
 * @param maxWorkers        FastCGI: the most worker processes; CGI: the most concurrent processes
 * @param borrowTimeout     how long a request waits for a free worker or CGI slot before "overloaded"
 * @param requestTimeout    the whole request, sending to receiving; the program is killed past it
 * @param maxRequestBodyBytes bodies over this are refused before the program sees them
 * @param maxResponseBytes  responses over this fail with 502
 * @param maxHeaderBytes    the program's header block may not be larger
 * @param maxStderrBytes    stderr kept for the log per request (FastCGI) or process (CGI)
 * @param headerAllowList   request headers passed as HTTP_* (lower case)
 * @param passAuthorization whether the Authorization header reaches the program
 * @param shutdownGrace     time between SIGTERM and SIGKILL when a program is stopped
 * @param slowRequestThreshold requests slower than this are logged and counted as slow
 * @param fastcgi           what only FastCGI pools use
 * @param cgi               what only CGI pools use
 */
public record PoolSettings(String name, PoolKind kind, List<String> command, Path workingDirectory,
                           Map<String, String> environment, int maxWorkers, Duration borrowTimeout,
                           Duration requestTimeout, long maxRequestBodyBytes, long maxResponseBytes, int maxHeaderBytes,
                           int maxStderrBytes, Set<String> headerAllowList, boolean passAuthorization,
                           Duration shutdownGrace, Duration slowRequestThreshold, FastCgiSettings fastcgi,
                           CgiSettings cgi) {

    /** Headers a program usually needs; everything else stays with the server. */
    public static final Set<String> DEFAULT_HEADER_ALLOW_LIST = Set.of(
            "accept", "accept-charset", "accept-encoding", "accept-language", "cache-control", "cookie",
            "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since",
            "origin", "pragma", "range", "referer", "user-agent", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-requested-with");

    public PoolSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fastcgi, "fastcgi");
        Objects.requireNonNull(cgi, "cgi");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        headerAllowList = Set.copyOf(headerAllowList);
        if (name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("pool name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (kind == PoolKind.FASTCGI && command.isEmpty()) {
            throw new IllegalArgumentException("pool " + name + ": a FastCGI pool needs a command");
        }
        if (kind == PoolKind.CGI && cgi.scriptRoot() == null) {
            throw new IllegalArgumentException("pool " + name + ": a CGI pool needs a scriptRoot directory");
        }
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("pool " + name + ": maxWorkers must be at least 1, got " + maxWorkers);
        }
        for (Duration d : List.of(borrowTimeout, requestTimeout, shutdownGrace, slowRequestThreshold)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("pool " + name + ": every timeout must be positive (nothing waits forever)");
            }
        }
    }
}
