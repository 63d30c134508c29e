package org.procgate.connector.cgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.procgate.connector.pool.TestPrograms;
import org.procgate.connector.pool.cgi.CgiPool;
import org.procgate.connector.process.ProgramIdentity;
import org.procgate.connector.settings.Accelerator;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.StreamingSettings;
import org.procgate.connector.threads.PoolThreads;


/** A CGI pool over a copy of the test scripts, with settings a test can change. */
final class TestPool {

    static final Path SCRIPTS = Path.of(System.getProperty("procgate.home", "../.."))
            .resolve("connector/core/src/test/scripts/cgi-bin");

    List<String> command = List.of();
    Map<String, String> environment = new HashMap<>();
    int maxWorkers = 2;
    Duration borrowTimeout = Duration.ofSeconds(5);
    Duration requestTimeout = Duration.ofSeconds(10);
    long maxRequestBodyBytes = 4L * 1024 * 1024;
    long maxResponseBytes = 4L * 1024 * 1024;
    int maxHeaderBytes = 16 * 1024;
    Set<String> headerAllowList = PoolSettings.ALL_HEADERS;
    boolean passAuthorization;
    Set<String> allowedMethods = CgiSettings.defaults().allowedMethods();
    boolean searchArguments;
    String searchArgumentPattern = CgiSettings.defaults().searchArgumentPattern();
    boolean nph;
    boolean debug;
    long cpuSeconds;
    long addressSpaceBytes;
    int maxProcesses;
    boolean ownSession = true;
    Accelerator accelerator = Accelerator.NONE;
    List<String> preload = List.of();
    StreamingSettings streaming = StreamingSettings.defaults();
    /** Who scripts run as: by default as the pool settings make it (an unprivileged user when the tests run as root). */
    ProgramIdentity identity = ProgramIdentity.of("", "");
    /** How long scripts in flight may finish when the pool closes. */
    Duration drainTimeout = Duration.ofMillis(300);

    /**
     * Copies the test scripts (with their modes) under {@code dir}/cgi-bin and returns that root.
     * {@code dir} becomes world-writable, as a web root and a scratch directory the scripts' own
     * user may use.
     */
    static Path copyScripts(Path dir) {
        Path root = dir.resolve("cgi-bin");
        TestPrograms.shareWithPrograms(dir);
        try (Stream<Path> files = Files.walk(SCRIPTS)) {
            for (Path source : files.toList()) {
                Path target = root.resolve(SCRIPTS.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    CgiPool open(Path root, PoolThreads executors) {
        CgiSettings cgi = new CgiSettings(root, allowedMethods, searchArguments, searchArgumentPattern, nph, debug,
                cpuSeconds, addressSpaceBytes, maxProcesses, ownSession, accelerator, preload);
        PoolSettings settings = new PoolSettings("test", PoolKind.CGI, command, null, environment, maxWorkers,
                borrowTimeout, requestTimeout, maxRequestBodyBytes, maxResponseBytes, maxHeaderBytes, 8192,
                headerAllowList, passAuthorization, Duration.ofMillis(300), Duration.ofSeconds(5),
                FastCgiSettings.defaults(), cgi, streaming, identity, drainTimeout, Set.of());
        return new CgiPool(settings, executors);
    }
}
