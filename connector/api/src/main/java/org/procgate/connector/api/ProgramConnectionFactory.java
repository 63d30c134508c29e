package org.procgate.connector.api;

import java.io.Serializable;
import java.util.Set;

/**
 * Entry point an application gets injected: one factory per pool (a FastCGI worker pool or a
 * CGI script directory). Connections are cheap handles; the pool behind them owns the processes.
 */
public interface ProgramConnectionFactory extends Serializable {

    /** Obtains a handle to this factory's pool. Close it when done (try-with-resources). */
    ProgramConnection getConnection() throws ProgramException;

    /** The name of the pool this factory reaches. */
    String poolName();

    /**
     * The roles of which a caller must have at least one to use this pool (its {@code requiredRoles}
     * setting), as the server's realm and role mapping name them; empty: anyone. procgate's gateways
     * let the server authenticate the caller and check them, and pass the signed-in user on as
     * {@link ProgramRequest#remoteUser()}; an application that calls the pool itself does the same.
     * Cheap: read from the pool's definition once, and never opens the pool.
     *
     * @throws ProgramException if the pool's definition is not valid (never an empty set instead)
     */
    Set<String> requiredRoles() throws ProgramException;

    /** A snapshot of the pool's state and counters; cheap, and answers even when every worker is busy. */
    PoolStatus status() throws ProgramException;

    /**
     * Whether the server has since made another factory for this pool, with another definition: an
     * operator changed the pool with the server's own tooling (on Payara Server and GlassFish,
     * {@code asadmin set} of a connector pool's property). The pool runs with the new definition
     * either way, but the server counts every connection still taken from a replaced factory as a
     * mistake (RAR7099 in its log), so an application that keeps a factory looks the pool up again
     * when this answers true: the server binds the new factory under the same name. Cheap enough to
     * ask before every connection; false where a server never makes a pool's factory again.
     */
    default boolean replaced() {
        return false;
    }
}
