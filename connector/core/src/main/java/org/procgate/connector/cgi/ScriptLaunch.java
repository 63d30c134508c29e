package org.procgate.connector.cgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.procgate.connector.process.ProgramIdentity;

/**
 * How a pool starts its scripts: the argument vector (resource limits, interpreter, script,
 * RFC 3875 search words when enabled) and the working directory. No shell anywhere.
 *
 * @param interpreter      words put before the script path (empty: the script is executed, its #! decides)
 * @param workingDirectory where scripts run; {@code null}: each script's own directory
 * @param resourceLimits   kernel limits applied through prlimit
 * @param searchArguments  whether and how a query becomes arguments
 * @param nph              whether {@code nph-*} scripts answer with a status line
 * @param ownSession       whether each script starts in a session of its own (through setsid), so that a
 *                         timeout or a stop reaches every process it started, daemons included
 * @param identity         who scripts run as
 * @param processCap       the words that put each script into its pool's pids cgroup, or none
 */
public record ScriptLaunch(List<String> interpreter, Path workingDirectory, ResourceLimits resourceLimits,
                           SearchArguments searchArguments, boolean nph, boolean ownSession,
                           ProgramIdentity identity, List<String> processCap) {

    public ScriptLaunch {
        interpreter = List.copyOf(interpreter);
        processCap = List.copyOf(processCap);
    }

    /** Each script executed from the server, through {@link #wrappers()}. */
    public ScriptStarter exec() {
        return new ExecStarter(wrappers(), ownSession);
    }

    /**
     * What runs before the script: the cgroup is joined and the limits are set while still root,
     * the user switch comes last.
     */
    List<String> wrappers() {
        List<String> limits = resourceLimits.prefix();
        List<String> switchUser = identity.prefix();
        List<String> wrappers = new ArrayList<>(processCap.size() + limits.size() + switchUser.size());
        wrappers.addAll(processCap);
        wrappers.addAll(limits);
        wrappers.addAll(switchUser);
        return wrappers;
    }

    List<String> argv(ResolvedScript script, String queryString) {
        List<String> words = searchArguments.words(queryString);
        List<String> argv = new ArrayList<>(interpreter.size() + 1 + words.size());
        argv.addAll(interpreter);
        argv.add(script.file().toString());
        argv.addAll(words);
        return argv;
    }

    Path directory(ResolvedScript script) {
        return workingDirectory != null ? workingDirectory : script.file().getParent();
    }

    boolean isNph(ResolvedScript script) {
        return nph && script.file().getFileName().toString().startsWith("nph-");
    }
}
