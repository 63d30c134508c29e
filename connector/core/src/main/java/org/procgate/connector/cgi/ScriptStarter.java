package org.procgate.connector.cgi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.procgate.connector.api.ProgramException;
import org.procgate.connector.process.ManagedProcess;

/** How a pool's scripts are started: executed from the server, or forked by the pool's launcher. */
public interface ScriptStarter extends AutoCloseable {

    /**
     * Starts {@code argv} in {@code directory} with exactly {@code environment}, its standard
     * streams connected to the server.
     */
    ManagedProcess start(String name, List<String> argv, Path directory, Map<String, String> environment)
            throws ProgramException;

    /** Releases what the starter keeps between requests. */
    @Override
    default void close() {
    }
}
