package org.procgate.connector.pool.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.registry.PoolRegistry;
import org.procgate.connector.registry.ReloadablePool;
import org.procgate.connector.settings.PoolSettings;

/**
 * Test-only: opens pools through a real {@link PoolRegistry}, remembers every process id a test
 * saw (workers, their descendants, programs the test started itself), and on {@link #close()}
 * stops everything and asserts that none of those processes, and no child of this JVM, is left.
 */
public final class PoolHarness implements AutoCloseable {

    /** Generous: two cores shared with parallel builds. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final PoolRegistry registry = new PoolRegistry();
    private final Set<Long> seenPids = ConcurrentHashMap.newKeySet();
    private final List<Process> started = new ArrayList<>();
    private final Set<Long> childrenBefore = childPids();

    public FastCgiPool open(PoolSettings settings) throws ProgramException {
        return (FastCgiPool) ((ReloadablePool) registry.open(settings)).current();
    }

    /** The pids of the pool's workers now; they and their descendants are checked at close. */
    public List<Long> workerPids(FastCgiPool pool) {
        List<Long> pids = pool.status().workers().stream().map(WorkerStatus::pid).filter(pid -> pid != 0).toList();
        pids.forEach(this::remember);
        return pids;
    }

    /** A process that must be gone when the test ends, with its descendants as they are now. */
    public void remember(long pid) {
        seenPids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> seenPids.add(d.pid())));
    }

    /** What each live worker answered to FCGI_GET_VALUES. */
    public static List<Map<String, String>> valuesOf(FastCgiPool pool) {
        return pool.liveWorkers().stream().map(FastCgiWorker::values).toList();
    }

    /** Starts a program the test owns (a remote backend); it is killed at close. */
    public Process start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        remember(process.pid());
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (ProgramPool pool : registry.pools()) {
            if (((ReloadablePool) pool).current() instanceof FastCgiPool fastcgi) {
                workerPids(fastcgi);
            }
        }
        registry.close();
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        awaitGone(seenPids);
        waitUntil(EXIT_WAIT, () -> newChildren().isEmpty(),
                () -> "children of the test JVM left running: " + newChildren());
    }

    /** Waits until none of {@code pids} is alive, and fails naming the ones that are. */
    public static void awaitGone(Set<Long> pids) {
        waitUntil(EXIT_WAIT, () -> alive(pids).isEmpty(), () -> "processes still alive: " + alive(pids));
    }

    public static Set<Long> alive(Set<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .collect(Collectors.toSet());
    }

    private Set<String> newChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> !childrenBefore.contains(p.pid()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toSet());
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes, then fails. */
    public static void waitUntil(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                assertThat(condition.getAsBoolean()).as(failure.get()).isTrue();
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
