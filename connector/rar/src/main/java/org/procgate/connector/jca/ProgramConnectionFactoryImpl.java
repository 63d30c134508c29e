package org.procgate.connector.jca;

import java.time.Duration;
import java.util.Set;
import java.util.logging.Logger;

import javax.naming.Reference;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;

/** The factory bound in JNDI; each connection comes from the server's connection manager. */
public class ProgramConnectionFactoryImpl implements ProgramConnectionFactory, Referenceable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ProgramConnectionFactoryImpl.class.getName());
    private static final long RETRY_PAUSE_MILLIS = 50;

    private final ProgramManagedConnectionFactory factory;
    private final transient ConnectionManager connectionManager;
    private Reference reference;

    ProgramConnectionFactoryImpl(ProgramManagedConnectionFactory factory, ConnectionManager connectionManager) {
        this.factory = factory;
        this.connectionManager = connectionManager;
    }

    /**
     * A connection from the server's connection manager. A server that makes a pool again (an
     * operator changed its definition) refuses allocations for a moment meanwhile; no program has
     * run then, so the allocation is tried again, every {@code RETRY_PAUSE_MILLIS}, for up to the
     * pool's {@code borrowTimeoutMillis}.
     */
    @Override
    public ProgramConnection getConnection() throws ProgramException {
        try {
            return (ProgramConnection) connectionManager.allocateConnection(factory, null);
        } catch (ResourceException | RuntimeException refused) {
            // the pool's settings are read only now: reading them costs far more than an allocation
            Duration patience = patience();
            LOG.info(() -> "pool " + factory.getPoolName() + ": the server refused a connection (" + refused
                    + "); trying again for up to " + patience.toMillis() + " ms");
            long deadline = System.nanoTime() + patience.toNanos();
            Exception last = refused;
            while (System.nanoTime() - deadline < 0) {
                pause(last);
                try {
                    return (ProgramConnection) connectionManager.allocateConnection(factory, null);
                } catch (ResourceException | RuntimeException again) {
                    last = again;
                }
            }
            throw unavailable(last);
        }
    }

    private Duration patience() {
        try {
            return factory.settings().borrowTimeout();
        } catch (ResourceException invalid) {
            return Duration.ZERO;
        }
    }

    private void pause(Exception refused) throws ProgramException {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(refused);
        }
    }

    @Override
    public PoolStatus status() throws ProgramException {
        try {
            return factory.pool().status();
        } catch (ResourceException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Set<String> requiredRoles() throws ProgramException {
        try {
            return factory.requiredRoles();
        } catch (ResourceException e) {
            throw unavailable(e);
        }
    }

    private ProgramException unavailable(Exception e) {
        return new ProgramException(Failure.UNAVAILABLE, "pool " + factory.getPoolName() + " is unavailable: "
                + e.getMessage(), e);
    }

    @Override
    public boolean replaced() {
        return factory.replaced();
    }

    @Override
    public String poolName() {
        return factory.getPoolName();
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
