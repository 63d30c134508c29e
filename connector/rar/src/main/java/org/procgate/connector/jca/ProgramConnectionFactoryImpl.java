package org.procgate.connector.jca;

import java.util.Set;

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

    private final ProgramManagedConnectionFactory factory;
    private final transient ConnectionManager connectionManager;
    private Reference reference;

    ProgramConnectionFactoryImpl(ProgramManagedConnectionFactory factory, ConnectionManager connectionManager) {
        this.factory = factory;
        this.connectionManager = connectionManager;
    }

    @Override
    public ProgramConnection getConnection() throws ProgramException {
        try {
            return (ProgramConnection) connectionManager.allocateConnection(factory, null);
        } catch (ResourceException e) {
            throw unavailable(e);
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

    private ProgramException unavailable(ResourceException e) {
        return new ProgramException(Failure.UNAVAILABLE, "pool " + factory.getPoolName() + " is unavailable: "
                + e.getMessage(), e);
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
