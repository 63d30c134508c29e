package org.procgate.connector.pool.stats;

import java.util.List;

import org.procgate.connector.api.WorkerStatus;

/**
 * A pool's status over JMX, registered as {@code org.procgate:type=Pool,name=<pool>}.
 * Every read is a fresh snapshot; nothing here waits for a worker.
 */
public interface PoolMXBean {

    String getName();

    String getKind();

    String getState();

    String getStateReason();

    int getMinWorkers();

    int getMaxWorkers();

    long getStartTimeMillis();

    long getAcceptedRequests();

    int getQueueLength();

    int getMaxQueueLength();

    int getIdleWorkers();

    int getActiveWorkers();

    int getTotalWorkers();

    int getMaxActiveWorkers();

    long getMaxReachedCount();

    long getSlowRequests();

    long getTimeouts();

    long getWorkerDeaths();

    long getProtocolErrors();

    long getOverloaded();

    long getRestarts();

    double getMeanLatencyMillis();

    double getP99LatencyMillis();

    List<WorkerView> getWorkers();

    /** One worker, as JMX open data. */
    final class WorkerView {
        private final WorkerStatus status;

        public WorkerView(WorkerStatus status) {
            this.status = status;
        }

        public long getPid() {
            return status.pid();
        }

        public String getState() {
            return status.state().name();
        }

        public long getStartTimeMillis() {
            return status.startTime().toEpochMilli();
        }

        public long getRequestsServed() {
            return status.requestsServed();
        }

        public String getRequestUri() {
            return status.requestUri();
        }

        public long getDurationMillis() {
            return status.durationMillis();
        }

        public long getResidentBytes() {
            return status.residentBytes();
        }
    }
}
