package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.work.WorkRejectedException;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.ProgramConnection;

/**
 * The adapter's life on the server's contracts: a request's background work on the server's
 * WorkManager (the adapter's own long-lived work stays off it, so the server can quiesce), its
 * pools ended by stop().
 */
class ResourceAdapterLifecycleTest {

    @TempDir
    Path scripts;

    private final ProcgateResourceAdapter adapter = new ProcgateResourceAdapter();

    @AfterEach
    void stop() {
        adapter.stop();
    }

    @Test
    void backgroundWorkRunsOnTheServersWorkManager() throws Exception {
        RecordingWorkManager workManager = new RecordingWorkManager(false);
        adapter.start(new Bootstrap(workManager));
        assertThat(workManager.started).as("nothing of the adapter's own life on the server's threads").hasValue(0);

        assertThat(helloThrough(adapter)).isEqualTo("hello");
        assertThat(workManager.started.get()).as("the script's stderr reader, at least").isPositive();
        assertThat(workManager.threads).allSatisfy(thread -> assertThat(thread.getName()).startsWith("server-work"));
    }

    @Test
    void workTheServerRefusesRunsOnThreadsOfTheAdaptersOwn() throws Exception {
        RecordingWorkManager workManager = new RecordingWorkManager(true);
        adapter.start(new Bootstrap(workManager));

        assertThat(helloThrough(adapter)).isEqualTo("hello");
        assertThat(workManager.refused.get()).isPositive();
    }

    @Test
    void stopEndsThePoolsAndRefusesNewRequests() throws Exception {
        adapter.start(new Bootstrap(new RecordingWorkManager(false)));
        ProgramManagedConnectionFactory factory = JcaFixture.cgiPool(adapter, "stopping", JcaFixture.helloScripts(scripts));
        factory.pool();

        adapter.stop();

        assertThatThrownBy(adapter::registry).isInstanceOf(ResourceException.class).hasMessageContaining("not started");
        assertThatThrownBy(() -> new ProgramManagedConnectionFactory().pool()).isInstanceOf(ResourceException.class);
    }

    private String helloThrough(ProcgateResourceAdapter started) throws Exception {
        ProgramManagedConnectionFactory factory = JcaFixture.cgiPool(started, "work", JcaFixture.helloScripts(scripts));
        ProgramConnection connection = (ProgramConnection) factory.createManagedConnection(null, null).getConnection(null, null);
        try (connection) {
            return connection.execute(JcaFixture.scriptRequest("hello.sh")).bodyText();
        }
    }

    /** A WorkManager that runs each Work on a thread of its own, or refuses every one. */
    private static final class RecordingWorkManager implements WorkManager {
        private final boolean refuse;
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        RecordingWorkManager(boolean refuse) {
            this.refuse = refuse;
        }

        @Override
        public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener)
                throws WorkException {
            if (refuse) {
                refused.incrementAndGet();
                throw new WorkRejectedException("no free thread", WorkException.START_TIMED_OUT);
            }
            Thread thread = new Thread(work, "server-work-" + started.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
            return 0;
        }

        @Override
        public long startWork(Work work) throws WorkException {
            return startWork(work, INDEFINITE, null, null);
        }

        @Override
        public void doWork(Work work) {
            throw new UnsupportedOperationException("procgate never blocks on work");
        }

        @Override
        public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
            throw new UnsupportedOperationException("procgate never blocks on work");
        }

        @Override
        public void scheduleWork(Work work) {
            throw new UnsupportedOperationException("procgate starts its work at once");
        }

        @Override
        public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
            throw new UnsupportedOperationException("procgate starts its work at once");
        }
    }

    /** The server's side of the adapter's start: only the WorkManager is used. */
    private record Bootstrap(WorkManager workManager) implements BootstrapContext {
        @Override
        public WorkManager getWorkManager() {
            return workManager;
        }

        @Override
        public XATerminator getXATerminator() {
            return null;
        }

        @Override
        public Timer createTimer() {
            throw new UnsupportedOperationException("procgate needs no timer");
        }

        @Override
        public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
            return false;
        }

        @Override
        public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
            return null;
        }
    }
}
