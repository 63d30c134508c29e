package org.procgate.connector.pool.stats;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.pool.ProgramPool;

/** Shows one pool over JMX by reading its status on every call. */
public final class PoolView implements PoolMXBean {

    private static final Logger LOG = Logger.getLogger(PoolView.class.getName());

    private final ProgramPool pool;

    private PoolView(ProgramPool pool) {
        this.pool = pool;
    }

    /** Registers the pool's MXBean, replacing one of the same name left by an earlier deployment. */
    public static ObjectName register(ProgramPool pool) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = ObjectName.getInstance("org.procgate:type=Pool,name=" + ObjectName.quote(pool.settings().name()));
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new PoolView(pool), name);
            return name;
        } catch (JMException e) {
            LOG.log(Level.WARNING, "pool " + pool.settings().name() + " is not visible over JMX: " + e.getMessage());
            return null;
        }
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.fine(() -> "could not unregister " + name + ": " + e.getMessage());
        }
    }

    /** Counters and sizes only: the workers' memory is read from /proc only by {@link #getWorkers()}. */
    private PoolStatus status() {
        return pool.summary();
    }

    @Override
    public String getName() {
        return status().name();
    }

    @Override
    public String getKind() {
        return status().kind();
    }

    @Override
    public String getState() {
        return status().state().name();
    }

    @Override
    public String getStateReason() {
        return status().stateReason();
    }

    @Override
    public int getMinWorkers() {
        return status().minWorkers();
    }

    @Override
    public int getMaxWorkers() {
        return status().maxWorkers();
    }

    @Override
    public long getStartTimeMillis() {
        return status().startTime().toEpochMilli();
    }

    @Override
    public long getAcceptedRequests() {
        return status().acceptedRequests();
    }

    @Override
    public int getQueueLength() {
        return status().queueLength();
    }

    @Override
    public int getMaxQueueLength() {
        return status().maxQueueLength();
    }

    @Override
    public int getIdleWorkers() {
        return status().idleWorkers();
    }

    @Override
    public int getActiveWorkers() {
        return status().activeWorkers();
    }

    @Override
    public int getTotalWorkers() {
        return status().totalWorkers();
    }

    @Override
    public int getMaxActiveWorkers() {
        return status().maxActiveWorkers();
    }

    @Override
    public long getMaxReachedCount() {
        return status().maxReachedCount();
    }

    @Override
    public long getSlowRequests() {
        return status().slowRequests();
    }

    @Override
    public long getTimeouts() {
        return status().failures().timeout();
    }

    @Override
    public long getWorkerDeaths() {
        return status().failures().workerDied();
    }

    @Override
    public long getProtocolErrors() {
        return status().failures().protocolError();
    }

    @Override
    public long getOverloaded() {
        return status().failures().overloaded();
    }

    @Override
    public long getRestarts() {
        return status().restarts();
    }

    @Override
    public double getMeanLatencyMillis() {
        return status().meanLatencyMillis();
    }

    @Override
    public double getP99LatencyMillis() {
        return status().p99LatencyMillis();
    }

    @Override
    public List<WorkerView> getWorkers() {
        return pool.status().workers().stream().map(WorkerView::new).toList();
    }
}
