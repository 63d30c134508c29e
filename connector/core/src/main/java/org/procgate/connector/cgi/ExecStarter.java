package org.procgate.connector.cgi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.process.ManagedProcess;
import org.procgate.connector.process.ProcessException;
import org.procgate.connector.process.ProcessLauncher;

/**
 * Each script executed from the server, through its wrappers (setsid, the pids cgroup join,
 * prlimit, setpriv): the path without an accelerator.
 *
 * @param wrappers   what runs before the script
 * @param ownSession whether the script starts in a session of its own (an exec of setsid)
 */
public record ExecStarter(List<String> wrappers, boolean ownSession) implements ScriptStarter {

    public ExecStarter {
        wrappers = List.copyOf(wrappers);
    }

    @Override
    public ManagedProcess start(String name, List<String> argv, Path directory, Map<String, String> environment)
            throws ProgramException {
        try {
            return ProcessLauncher.start(name, wrappers, argv, directory, environment, ownSession);
        } catch (ProcessException e) {
            throw new ProgramException(Failure.WORKER_DIED, e.getMessage(), e);
        }
    }
}
