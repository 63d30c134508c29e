package org.procgate.connector.pool.fastcgi;

import java.time.Duration;
import java.util.List;

import org.apache.commons.pool2.impl.GenericObjectPool;
import org.procgate.connector.api.BackendStatus;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.settings.PoolSettings;

/** Worker processes the pool starts, kept by commons-pool2 and sized like PHP-FPM's process manager. */
final class LocalWorkers implements WorkerSupply {

    private final PoolSettings settings;
    private final GenericObjectPool<FastCgiWorker> workers;

    LocalWorkers(PoolSettings settings, FastCgiWorkerFactory factory) {
        this.settings = settings;
        this.workers = new GenericObjectPool<>(factory, WorkerPoolConfig.of(settings, settings.maxWorkers()),
                WorkerPoolConfig.abandoned(settings));
    }

    @Override
    public FastCgiWorker borrow(ProgramRequest request, Duration timeout) throws Exception {
        return workers.borrowObject(timeout);
    }

    @Override
    public void giveBack(FastCgiWorker worker) {
        workers.returnObject(worker);
    }

    @Override
    public void discard(FastCgiWorker worker) throws Exception {
        workers.invalidateObject(worker);
    }

    @Override
    public void prestart() throws Exception {
        workers.addObjects(settings.fastcgi().initialWorkers(settings.maxWorkers()));
    }

    @Override
    public void replaceRetired() throws Exception {
        workers.evict();
        workers.preparePool();
    }

    @Override
    public void resize(int maxWorkers) {
        WorkerPoolConfig.resize(workers, settings, maxWorkers);
    }

    @Override
    public int minIdle() {
        return workers.getMinIdle();
    }

    @Override
    public int maxTotal() {
        return workers.getMaxTotal();
    }

    @Override
    public int idle() {
        return workers.getNumIdle();
    }

    @Override
    public int active() {
        return workers.getNumActive();
    }

    @Override
    public PoolStatus.State state() {
        return null;
    }

    @Override
    public String reason() {
        return null;
    }

    @Override
    public List<BackendStatus> backends() {
        return List.of();
    }

    @Override
    public void close() {
        workers.close();
    }
}
