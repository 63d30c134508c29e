package org.procgate.connector.api;

import java.util.List;
import java.util.Map;

/**
 * What an operator can see and do with the pools of one resource adapter. Bound in JNDI as an
 * administered object; every call answers at once, even when every worker is busy.
 */
public interface PoolAdministration {

    /** Every pool the adapter runs, by name, with an entry per worker. */
    List<PoolStatus> pools();

    /** One pool, with an entry per worker (its memory read from /proc). */
    PoolStatus pool(String name) throws ProgramException;

    /** Every pool's counters and sizes, without per-worker entries: cheap enough to read on every scrape or probe. */
    List<PoolStatus> summaries();

    /** One pool's counters and sizes, without per-worker entries. */
    PoolStatus summary(String name) throws ProgramException;

    /** Ends one worker (after its current request, if any); a new one takes its place as needed. */
    void recycleWorker(String pool, long pid) throws ProgramException;

    /** Replaces every worker: in-flight requests finish on the old ones, new requests go to new ones. */
    void restart(String pool) throws ProgramException;

    /** Sets how many workers (or concurrent CGI processes) the pool may run, between 1 and its configured maximum. */
    void resize(String pool, int maxWorkers) throws ProgramException;

    /**
     * Reloads the pool with some settings changed (setting name to new value; a blank value takes
     * the default): new requests go to new workers, those in flight finish on the old ones, none
     * fails. The change lasts until the pool is defined again (a restart reads the server's
     * definition). BAD_REQUEST names a wrong value; nothing changes then.
     */
    PoolStatus reload(String pool, Map<String, String> changes) throws ProgramException;
}
