package org.procgate.connector.api;

import java.io.Serializable;

/**
 * Entry point an application gets injected: one factory per pool (a FastCGI worker pool or a
 * CGI script directory). Connections are cheap handles; the pool behind them owns the processes.
 */
public interface ProgramConnectionFactory extends Serializable {

    /** Obtains a handle to this factory's pool. Close it when done (try-with-resources). */
    ProgramConnection getConnection() throws ProgramException;

    /** The name of the pool this factory reaches. */
    String poolName();

    /** A snapshot of the pool's state and counters; cheap, and answers even when every worker is busy. */
    PoolStatus status() throws ProgramException;
}
