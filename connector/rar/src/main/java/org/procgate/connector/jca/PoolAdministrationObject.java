package org.procgate.connector.jca;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

import javax.naming.Reference;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.AdministeredObject;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolAdministration;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.pool.PoolRegistry;
import org.procgate.connector.pool.ProgramPool;

/**
 * The adapter's pools for operators, bound in JNDI as an administered object (for example
 * {@code procgate/admin}). Pools appear once a connection factory has opened them.
 */
@AdministeredObject(adminObjectInterfaces = PoolAdministration.class)
public class PoolAdministrationObject implements PoolAdministration, ResourceAdapterAssociation, Referenceable,
        Serializable {

    private static final long serialVersionUID = 1L;

    private transient ProcgateResourceAdapter resourceAdapter;
    // JCA 13.4.2.3: an administered object associated with its adapter is Referenceable
    private Reference reference;

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public List<PoolStatus> pools() {
        try {
            return registry().pools().stream().map(ProgramPool::status)
                    .sorted(Comparator.comparing(PoolStatus::name)).toList();
        } catch (ProgramException e) {
            return List.of();
        }
    }

    @Override
    public PoolStatus pool(String name) throws ProgramException {
        return registry().pool(name).status();
    }

    @Override
    public void recycleWorker(String pool, long pid) throws ProgramException {
        registry().pool(pool).recycle(pid);
    }

    @Override
    public void restart(String pool) throws ProgramException {
        registry().pool(pool).restart();
    }

    @Override
    public void resize(String pool, int maxWorkers) throws ProgramException {
        registry().pool(pool).resize(maxWorkers);
    }

    private PoolRegistry registry() throws ProgramException {
        if (resourceAdapter == null) {
            throw new ProgramException(Failure.UNAVAILABLE, "the pool administration is not associated with the procgate adapter");
        }
        try {
            return resourceAdapter.registry();
        } catch (ResourceException e) {
            throw new ProgramException(Failure.UNAVAILABLE, e.getMessage(), e);
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.resourceAdapter = (ProcgateResourceAdapter) adapter;
    }
}
