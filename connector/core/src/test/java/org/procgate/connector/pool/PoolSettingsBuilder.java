package org.procgate.connector.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.procgate.connector.process.ProgramIdentity;
import org.procgate.connector.settings.BackendSettings;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.LaunchMode;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.ProcessManager;
import org.procgate.connector.settings.StreamingSettings;

/**
 * Test-only: builds {@link PoolSettings} for a FastCGI pool with short, test-friendly defaults
 * (static, one worker, timeouts of a few seconds), so a test names only what it is about.
 */
public final class PoolSettingsBuilder {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;
    private int maxWorkers = 1;
    private Duration borrowTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(20);
    private long maxRequestBodyBytes = 16 << 20;
    private long maxResponseBytes = 16 << 20;
    private int maxStderrBytes = 16 * 1024;
    private Duration shutdownGrace = Duration.ofMillis(500);
    private LaunchMode launch = LaunchMode.BIND;
    private List<String> addresses = List.of();
    private ProcessManager processManager = ProcessManager.STATIC;
    private int startWorkers = 1;
    private int minSpareWorkers;
    private int maxSpareWorkers = 1;
    private Duration idleTimeout = Duration.ofSeconds(10);
    private int maxRequestsPerWorker;
    private Duration maxLifetime = Duration.ZERO;
    private Duration startTimeout = Duration.ofSeconds(5);
    private Path documentRoot;
    private int backendMaxFails = 1;
    private BackendSettings backends = BackendSettings.defaults();
    private Duration backendFailTimeout = Duration.ofSeconds(10);
    private int backendMaxConnections = 1;
    private StreamingSettings streaming = StreamingSettings.defaults();
    private long maxWorkerMemoryBytes;
    private Duration drainTimeout;

    private PoolSettingsBuilder(String name, List<String> command) {
        this.name = name;
        this.command = new ArrayList<>(command);
    }

    /** A pool running {@code command} ({@code {socket}} is replaced for {@link LaunchMode#BIND}). */
    public static PoolSettingsBuilder fastcgi(String name, List<String> command) {
        return new PoolSettingsBuilder(name, command);
    }

    /** A pool of workers procgate does not start. */
    public static PoolSettingsBuilder remote(String name, String... addresses) {
        return new PoolSettingsBuilder(name, List.of("remote")).launch(LaunchMode.REMOTE).addresses(addresses);
    }

    public PoolSettingsBuilder env(String variable, String value) { environment.put(variable, value); return this; }
    public PoolSettingsBuilder workingDirectory(Path value) { workingDirectory = value; return this; }
    public PoolSettingsBuilder maxWorkers(int value) { maxWorkers = value; return this; }
    public PoolSettingsBuilder borrowTimeout(Duration value) { borrowTimeout = value; return this; }
    public PoolSettingsBuilder requestTimeout(Duration value) { requestTimeout = value; return this; }
    public PoolSettingsBuilder maxRequestBodyBytes(long value) { maxRequestBodyBytes = value; return this; }
    public PoolSettingsBuilder maxResponseBytes(long value) { maxResponseBytes = value; return this; }
    public PoolSettingsBuilder shutdownGrace(Duration value) { shutdownGrace = value; return this; }
    public PoolSettingsBuilder launch(LaunchMode value) { launch = value; return this; }
    public PoolSettingsBuilder addresses(String... value) { addresses = List.of(value); return this; }
    public PoolSettingsBuilder processManager(ProcessManager value) { processManager = value; return this; }
    public PoolSettingsBuilder idleTimeout(Duration value) { idleTimeout = value; return this; }
    public PoolSettingsBuilder maxRequestsPerWorker(int value) { maxRequestsPerWorker = value; return this; }
    public PoolSettingsBuilder maxLifetime(Duration value) { maxLifetime = value; return this; }
    public PoolSettingsBuilder startTimeout(Duration value) { startTimeout = value; return this; }
    public PoolSettingsBuilder documentRoot(Path value) { documentRoot = value; return this; }
    public PoolSettingsBuilder backendFailTimeout(Duration value) { backendFailTimeout = value; return this; }
    public PoolSettingsBuilder backendMaxConnections(int value) { backendMaxConnections = value; return this; }
    public PoolSettingsBuilder streaming(StreamingSettings value) { streaming = value; return this; }
    public PoolSettingsBuilder maxWorkerMemoryBytes(long value) { maxWorkerMemoryBytes = value; return this; }
    public PoolSettingsBuilder backendMaxFails(int value) { backendMaxFails = value; return this; }
    public PoolSettingsBuilder backends(BackendSettings value) { backends = value; return this; }
    /** Unset: the shutdown grace, so a test's pool stops quickly. */
    public PoolSettingsBuilder drainTimeout(Duration value) { drainTimeout = value; return this; }

    /** DYNAMIC sizing: starts {@code start}, keeps between {@code minSpare} and {@code maxSpare} idle. */
    public PoolSettingsBuilder dynamic(int start, int minSpare, int maxSpare) {
        processManager = ProcessManager.DYNAMIC;
        startWorkers = start;
        minSpareWorkers = minSpare;
        maxSpareWorkers = maxSpare;
        return this;
    }

    public PoolSettings build() {
        FastCgiSettings fastcgi = new FastCgiSettings(launch, addresses, processManager, startWorkers, minSpareWorkers,
                maxSpareWorkers, idleTimeout, maxRequestsPerWorker, maxLifetime, startTimeout, documentRoot, Set.of(),
                backendMaxFails, backendFailTimeout, backendMaxConnections, maxWorkerMemoryBytes, backends);
        return new PoolSettings(name, PoolKind.FASTCGI, command, workingDirectory, environment, maxWorkers, borrowTimeout,
                requestTimeout, maxRequestBodyBytes, maxResponseBytes, 64 * 1024, maxStderrBytes,
                PoolSettings.ALL_HEADERS, false, shutdownGrace, Duration.ofSeconds(30), fastcgi,
                CgiSettings.defaults().withScriptRoot(null), streaming, ProgramIdentity.of("", ""),
                drainTimeout != null ? drainTimeout : shutdownGrace, Set.of());
    }
}
