package org.procgate.connector.jca;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

/**
 * procgate's background tasks as {@link Work} on the server's WorkManager, where operators see
 * and size them. A task the server does not start within {@value #START_TIMEOUT_MILLIS} ms is
 * refused, and the pools run it on a thread of their own.
 */
final class ServerWorkExecutor implements Executor {

    static final long START_TIMEOUT_MILLIS = 200;

    private final WorkManager workManager;

    ServerWorkExecutor(WorkManager workManager) {
        this.workManager = workManager;
    }

    @Override
    public void execute(Runnable task) {
        try {
            workManager.startWork(new Task(task), START_TIMEOUT_MILLIS, null, null);
        } catch (WorkException e) {
            throw new RejectedExecutionException("work manager: " + e.getMessage(), e);
        }
    }

    /** One task as Work. The server's release() is not obeyed: tasks end with their process, pools with the adapter. */
    private record Task(Runnable task) implements Work {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public void release() {
            // background tasks end when their process or pool does
        }
    }
}
