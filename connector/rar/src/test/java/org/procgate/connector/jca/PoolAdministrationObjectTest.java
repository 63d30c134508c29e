package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.naming.Reference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolAdministration;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.connector.settings.CgiSettings;
import org.procgate.connector.settings.FastCgiSettings;
import org.procgate.connector.settings.PoolKind;
import org.procgate.connector.settings.PoolSettings;

/** The operator sees every pool of the deployment, whichever adapter instance opened it. */
class PoolAdministrationObjectTest {

    @TempDir
    Path scripts;

    private final ProcgateResourceAdapter adminsAdapter = new ProcgateResourceAdapter();
    private final ProcgateResourceAdapter poolsAdapter = new ProcgateResourceAdapter();

    @AfterEach
    void stop() {
        adminsAdapter.stop();
        poolsAdapter.stop();
    }

    private PoolSettings cgiPool(String name) {
        return new PoolSettings(name, PoolKind.CGI, List.of(), null, Map.of(), 2, Duration.ofSeconds(1),
                Duration.ofSeconds(5), 1024, 1024 * 1024, 8192, 1024, PoolSettings.ALL_HEADERS, false,
                Duration.ofMillis(200), Duration.ofSeconds(5), FastCgiSettings.defaults(), CgiSettings.defaults().withScriptRoot(scripts));
    }

    private void startBoth() {
        adminsAdapter.start(null);
        poolsAdapter.start(null);
    }

    /** Associated with the first adapter, as the server associates it with one instance. */
    private PoolAdministrationObject administration() {
        PoolAdministrationObject administration = new PoolAdministrationObject();
        administration.setResourceAdapter(adminsAdapter);
        return administration;
    }

    @Test
    void listsAndFindsPoolsThatAnotherInstanceOfTheAdapterOpened() throws Exception {
        startBoth();
        adminsAdapter.registry().open(cgiPool("own"));
        poolsAdapter.registry().open(cgiPool("other"));
        PoolAdministrationObject administration = administration();

        assertThat(administration.pools()).extracting(PoolStatus::name).containsExactly("other", "own");
        assertThat(administration.pool("other").maxWorkers()).isEqualTo(2);
        administration.resize("other", 1);
        assertThat(poolsAdapter.registry().pool("other").status().maxWorkers()).isEqualTo(1);
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.pool("missing")).failure())
                .isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void aStoppedInstanceIsNoLongerAsked() throws Exception {
        startBoth();
        poolsAdapter.registry().open(cgiPool("gone"));
        PoolAdministrationObject administration = administration();

        poolsAdapter.stop();

        assertThat(administration.pools()).isEmpty();
    }

    @Test
    void withoutAnAdapterItListsNothingAndFindsNothing() {
        PoolAdministrationObject administration = new PoolAdministrationObject();

        assertThat(administration.pools()).isEmpty();
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.pool("any")).failure())
                .isEqualTo(Failure.UNAVAILABLE);
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.restart("any")).failure())
                .isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void recycleAndRestartReplaceTheNamedPoolsWorkersWhicheverInstanceOpenedIt() throws Exception {
        startBoth();
        JcaFixture.fastCgiPool(poolsAdapter, "hello").pool();
        PoolAdministrationObject administration = administration();
        long first = onlyWorker(administration);

        administration.recycleWorker("hello", first);
        long second = replaced(administration, first);
        administration.restart("hello");
        long third = replaced(administration, second);

        assertThat(third).isNotIn(first, second);
        for (long pid : new long[] {first, second}) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("worker " + pid + " ended").isFalse();
        }
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.recycleWorker("hello", first)).failure())
                .as("a worker that is gone").isEqualTo(Failure.NOT_FOUND);
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.restart("missing")).failure())
                .isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void itKeepsItsAdapterAndNamingReference() {
        PoolAdministrationObject administration = new PoolAdministrationObject();
        administration.setResourceAdapter(adminsAdapter);
        Reference reference = new Reference(PoolAdministration.class.getName());
        administration.setReference(reference);

        assertThat(administration.getResourceAdapter()).isSameAs(adminsAdapter);
        assertThat(administration.getReference()).isSameAs(reference);
    }

    private static long onlyWorker(PoolAdministration administration) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<WorkerStatus> workers = administration.pool("hello").workers();
            if (workers.size() == 1 && ProcessHandle.of(workers.get(0).pid()).isPresent()) {
                return workers.get(0).pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no worker started: " + administration.pool("hello"));
    }

    /** The pid of the worker that took the place of {@code old}, once the old process has ended. */
    private static long replaced(PoolAdministration administration, long old) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<WorkerStatus> workers = administration.pool("hello").workers();
            boolean oldGone = ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false) == false;
            if (oldGone && workers.size() == 1 && workers.get(0).pid() != old) {
                return workers.get(0).pid();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("worker " + old + " was not replaced: " + administration.pool("hello"));
    }
}
