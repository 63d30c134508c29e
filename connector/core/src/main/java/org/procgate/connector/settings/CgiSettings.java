package org.procgate.connector.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * What only a CGI pool uses.
 *
 * @param scriptRoot              the directory scripts are run from ({@code null} for a FastCGI pool)
 * @param allowedMethods          request methods a script may be called with (upper case); others get 405
 * @param searchArguments         whether a query string without '=' becomes the script's arguments
 *                                (RFC 3875 section 4.4)
 * @param searchArgumentPattern   every such argument must match this whole, or none is passed
 * @param nph                     whether scripts named {@code nph-*} may answer with an HTTP status line
 * @param debug                   whether a failed script's stderr is shown to the client (development only)
 * @param cpuSeconds              CPU time limit per script through prlimit (0: none)
 * @param addressSpaceBytes       virtual memory limit per script process through prlimit (0: none)
 * @param maxProcesses            process limit through prlimit, counted per user id by the kernel (0: none)
 * @param ownSession              whether each script runs in a session of its own, so a timeout or a stop ends
 *                                every process it started, daemonised ones included (costs one exec of setsid
 *                                per request); without, only the script and the children still under it end
 * @param accelerator             whether a resident launcher forks the scripts, and runs Python scripts itself
 * @param preload                 modules the Python launcher imports once
 */
public record CgiSettings(Path scriptRoot, Set<String> allowedMethods, boolean searchArguments,
                          String searchArgumentPattern, boolean nph, boolean debug, long cpuSeconds,
                          long addressSpaceBytes, int maxProcesses, boolean ownSession, Accelerator accelerator,
                          List<String> preload) {

    private static final Pattern MODULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** Settings without an accelerator, as before there was one. */
    public CgiSettings(Path scriptRoot, Set<String> allowedMethods, boolean searchArguments, String searchArgumentPattern,
                       boolean nph, boolean debug, long cpuSeconds, long addressSpaceBytes, int maxProcesses,
                       boolean ownSession) {
        this(scriptRoot, allowedMethods, searchArguments, searchArgumentPattern, nph, debug, cpuSeconds, addressSpaceBytes,
                maxProcesses, ownSession, Accelerator.NONE, List.of());
    }

    public CgiSettings {
        allowedMethods = allowedMethods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT))
                .filter(m -> !m.isEmpty()).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(searchArgumentPattern, "searchArgumentPattern");
        try {
            Pattern.compile(searchArgumentPattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("searchArgumentPattern is not a valid regular expression: " + e.getMessage(), e);
        }
        if (cpuSeconds < 0 || addressSpaceBytes < 0 || maxProcesses < 0) {
            throw new IllegalArgumentException("cpuSeconds, addressSpaceBytes and maxProcesses must be 0 (no limit) or positive");
        }
        Objects.requireNonNull(accelerator, "accelerator");
        preload = List.copyOf(preload);
        if (!preload.isEmpty() && accelerator != Accelerator.PYTHON) {
            throw new IllegalArgumentException("preload needs accelerator 'python', not '"
                    + accelerator.name().toLowerCase(Locale.ROOT) + "'");
        }
        for (String module : preload) {
            if (!MODULE.matcher(module).matches()) {
                throw new IllegalArgumentException("preload: '" + module + "' is not a Python module name");
            }
        }
    }

    /** The same settings with another accelerator and preloaded modules. */
    public CgiSettings withAccelerator(Accelerator value, List<String> modules) {
        return new CgiSettings(scriptRoot, allowedMethods, searchArguments, searchArgumentPattern, nph, debug, cpuSeconds,
                addressSpaceBytes, maxProcesses, ownSession, value, modules);
    }

    /** Every CGI setting at its default ({@link PoolSetting}); a FastCGI pool's have no script directory. */
    public static CgiSettings defaults() {
        return PoolSettingsReader.defaults().cgi();
    }

    /** A script directory with every other CGI setting at its default. */
    public CgiSettings withScriptRoot(Path root) {
        return new CgiSettings(root, allowedMethods, searchArguments, searchArgumentPattern, nph, debug, cpuSeconds,
                addressSpaceBytes, maxProcesses, ownSession, accelerator, preload);
    }
}
