package org.procgate.connector.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.procgate.connector.process.ProgramIdentity;

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
 * @param maxResponseBytes  responses over this fail (0: no limit)
 * @param maxHeaderBytes    the program's header block may not be larger
 * @param maxStderrBytes    stderr kept for the log per request (FastCGI) or process (CGI)
 * @param headerAllowList   if not empty, the only request headers passed as HTTP_* (lower case);
 *                          empty: every header but the ones {@code MetaVariables} never passes
 * @param passAuthorization whether the Authorization header reaches the program
 * @param shutdownGrace     time between SIGTERM and SIGKILL when a program is stopped
 * @param slowRequestThreshold requests slower than this are logged and counted as slow
 * @param fastcgi           what only FastCGI pools use
 * @param cgi               what only CGI pools use
 * @param streaming         how answers are passed on, and what a client that leaves does
 * @param identity          who the programs run as
 * @param drainTimeout      when the pool stops, how long requests in flight may take before their programs are stopped
 * @param requiredRoles     roles of which the signed-in user must have one (the gateway checks them
 *                          with the server); empty: anyone
 * @param optional          the node can serve without this pool: its failure does not make the node unready
 */
public record PoolSettings(String name, PoolKind kind, List<String> command, Path workingDirectory,
                           Map<String, String> environment, int maxWorkers, Duration borrowTimeout,
                           Duration requestTimeout, long maxRequestBodyBytes, long maxResponseBytes, int maxHeaderBytes,
                           int maxStderrBytes, Set<String> headerAllowList, boolean passAuthorization,
                           Duration shutdownGrace, Duration slowRequestThreshold, FastCgiSettings fastcgi,
                           CgiSettings cgi, StreamingSettings streaming, ProgramIdentity identity,
                           Duration drainTimeout, Set<String> requiredRoles, boolean optional) {

    /** A pool the node needs (not {@code optional}). */
    public PoolSettings(String name, PoolKind kind, List<String> command, Path workingDirectory,
                        Map<String, String> environment, int maxWorkers, Duration borrowTimeout,
                        Duration requestTimeout, long maxRequestBodyBytes, long maxResponseBytes, int maxHeaderBytes,
                        int maxStderrBytes, Set<String> headerAllowList, boolean passAuthorization,
                        Duration shutdownGrace, Duration slowRequestThreshold, FastCgiSettings fastcgi,
                        CgiSettings cgi, StreamingSettings streaming, ProgramIdentity identity,
                        Duration drainTimeout, Set<String> requiredRoles) {
        this(name, kind, command, workingDirectory, environment, maxWorkers, borrowTimeout, requestTimeout,
                maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes, maxStderrBytes, headerAllowList, passAuthorization,
                shutdownGrace, slowRequestThreshold, fastcgi, cgi, streaming, identity, drainTimeout, requiredRoles, false);
    }

    /** No allow-list: request headers pass as Apache and nginx pass them. */
    public static final Set<String> ALL_HEADERS = Set.of();

    /** Settings of a pool anyone may use, whose requests in flight get the shutdown grace to finish when it stops. */
    public PoolSettings(String name, PoolKind kind, List<String> command, Path workingDirectory,
                        Map<String, String> environment, int maxWorkers, Duration borrowTimeout,
                        Duration requestTimeout, long maxRequestBodyBytes, long maxResponseBytes, int maxHeaderBytes,
                        int maxStderrBytes, Set<String> headerAllowList, boolean passAuthorization,
                        Duration shutdownGrace, Duration slowRequestThreshold, FastCgiSettings fastcgi, CgiSettings cgi,
                        StreamingSettings streaming, ProgramIdentity identity) {
        this(name, kind, command, workingDirectory, environment, maxWorkers, borrowTimeout, requestTimeout,
                maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes, maxStderrBytes, headerAllowList, passAuthorization,
                shutdownGrace, slowRequestThreshold, fastcgi, cgi, streaming, identity, shutdownGrace, Set.of());
    }

    /** Settings whose programs run as the default identity ({@link ProgramIdentity#of}). */
    public PoolSettings(String name, PoolKind kind, List<String> command, Path workingDirectory,
                        Map<String, String> environment, int maxWorkers, Duration borrowTimeout,
                        Duration requestTimeout, long maxRequestBodyBytes, long maxResponseBytes, int maxHeaderBytes,
                        int maxStderrBytes, Set<String> headerAllowList, boolean passAuthorization,
                        Duration shutdownGrace, Duration slowRequestThreshold, FastCgiSettings fastcgi, CgiSettings cgi,
                        StreamingSettings streaming) {
        this(name, kind, command, workingDirectory, environment, maxWorkers, borrowTimeout, requestTimeout,
                maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes, maxStderrBytes, headerAllowList, passAuthorization,
                shutdownGrace, slowRequestThreshold, fastcgi, cgi, streaming, ProgramIdentity.of("", ""));
    }

    /** Settings with the default streaming behaviour. */
    public PoolSettings(String name, PoolKind kind, List<String> command, Path workingDirectory,
                        Map<String, String> environment, int maxWorkers, Duration borrowTimeout,
                        Duration requestTimeout, long maxRequestBodyBytes, long maxResponseBytes, int maxHeaderBytes,
                        int maxStderrBytes, Set<String> headerAllowList, boolean passAuthorization,
                        Duration shutdownGrace, Duration slowRequestThreshold, FastCgiSettings fastcgi, CgiSettings cgi) {
        this(name, kind, command, workingDirectory, environment, maxWorkers, borrowTimeout, requestTimeout,
                maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes, maxStderrBytes, headerAllowList, passAuthorization,
                shutdownGrace, slowRequestThreshold, fastcgi, cgi, StreamingSettings.defaults());
    }

    public PoolSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fastcgi, "fastcgi");
        Objects.requireNonNull(cgi, "cgi");
        Objects.requireNonNull(streaming, "streaming");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        headerAllowList = Set.copyOf(headerAllowList);
        requiredRoles = Set.copyOf(requiredRoles);
        if (name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("pool name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (kind == PoolKind.FASTCGI && command.isEmpty() && fastcgi.launch() != LaunchMode.REMOTE) {
            throw new IllegalArgumentException("pool " + name + ": a FastCGI pool needs a command (or launch=remote and addresses)");
        }
        if (kind == PoolKind.CGI && cgi.scriptRoot() == null) {
            throw new IllegalArgumentException("pool " + name + ": a CGI pool needs a scriptRoot directory");
        }
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("pool " + name + ": maxWorkers must be at least 1, got " + maxWorkers);
        }
        if (maxRequestBodyBytes < 0 || maxResponseBytes < 0) {
            throw new IllegalArgumentException("pool " + name + ": body limits must be 0 (no limit) or positive");
        }
        for (Duration d : List.of(borrowTimeout, requestTimeout, shutdownGrace, slowRequestThreshold)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("pool " + name + ": every timeout must be positive (nothing waits forever)");
            }
        }
    }

    /** Whether the program runs to its end when the client leaves (nginx's fastcgi_ignore_client_abort). */
    public boolean ignoreClientAbort() {
        return streaming.ignoreClientAbort();
    }
}
