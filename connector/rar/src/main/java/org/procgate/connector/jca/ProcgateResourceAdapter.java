package org.procgate.connector.jca;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import org.procgate.connector.registry.PoolRegistry;
import org.procgate.connector.threads.PoolThreads;


/**
 * The one owner of every pool and process: pools are opened by the connection factories,
 * and {@link #stop()} ends them all.
 */
@Connector(
        displayName = "procgate",
        description = "CGI and FastCGI programs as managed, pooled resources",
        vendorName = "procgate",
        eisType = "CGI/FastCGI programs",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        reauthenticationSupport = false)
public class ProcgateResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(ProcgateResourceAdapter.class.getName());

    /**
     * Every started instance of this deployment. Some servers (WildFly) associate an administered
     * object with another instance of the adapter than the connection factories that open the pools.
     */
    private static final Set<ProcgateResourceAdapter> STARTED = ConcurrentHashMap.newKeySet();

    private volatile PoolRegistry registry;
    /**
     * The server's stop() is how pools end. Some servers (Payara Micro on SIGTERM among them) exit
     * without calling it; this hook then still ends every worker. stop() removes it.
     */
    private volatile Thread exitHook;

    @Override
    public void start(BootstrapContext context) {
        PoolRegistry started = new PoolRegistry(threads(context));
        registry = started;
        exitHook = new Thread(started::close, "procgate-exit");
        Runtime.getRuntime().addShutdownHook(exitHook);
        STARTED.add(this);
        LOG.info("procgate resource adapter started");
    }

    /** The server's WorkManager where it gives one (every server of the matrix does), else threads of procgate's own. */
    private static PoolThreads threads(BootstrapContext context) {
        WorkManager workManager = context == null ? null : context.getWorkManager();
        return workManager == null ? PoolThreads.ownThreads() : PoolThreads.on(new ServerWorkExecutor(workManager));
    }

    @Override
    public void stop() {
        STARTED.remove(this);
        removeExitHook();
        PoolRegistry current = registry;
        registry = null;
        if (current != null) {
            current.close();
        }
        LOG.info("procgate resource adapter stopped; every worker process has ended");
    }

    private void removeExitHook() {
        Thread hook = exitHook;
        exitHook = null;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is going down and the hook runs anyway; closing twice is harmless
            }
        }
    }

    /** The pools of every started instance of the adapter in this deployment. */
    static List<PoolRegistry> startedRegistries() {
        return STARTED.stream().map(adapter -> adapter.registry).filter(Objects::nonNull).toList();
    }

    /** The pools; fails if the adapter is not running. */
    PoolRegistry registry() throws ResourceException {
        PoolRegistry current = registry;
        if (current == null) {
            throw new ResourceException("the procgate resource adapter is not started");
        }
        return current;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("procgate has no inbound messaging");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // no inbound messaging
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // JCA requires equals/hashCode on the adapter bean; it has no configuration of its own.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
