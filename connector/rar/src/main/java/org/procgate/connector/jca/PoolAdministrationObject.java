package org.procgate.connector.jca;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import org.procgate.connector.pool.ProgramPool;
import org.procgate.connector.registry.PoolRegistry;

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
        return openPools().stream().map(ProgramPool::status).toList();
    }

    @Override
    public PoolStatus pool(String name) throws ProgramException {
        return find(name).status();
    }

    @Override
    public List<PoolStatus> summaries() {
        return openPools().stream().map(ProgramPool::summary).toList();
    }

    @Override
    public PoolStatus summary(String name) throws ProgramException {
        return find(name).summary();
    }

    /** Every open pool once, by name. */
    private List<ProgramPool> openPools() {
        Map<String, ProgramPool> byName = new TreeMap<>();
        try {
            for (PoolRegistry registry : registries()) {
                registry.pools().forEach(pool -> byName.putIfAbsent(pool.settings().name(), pool));
            }
        } catch (ProgramException notAssociated) {
            return List.of();
        }
        return List.copyOf(byName.values());
    }

    @Override
    public void recycleWorker(String pool, long pid) throws ProgramException {
        find(pool).recycle(pid);
    }

    @Override
    public void restart(String pool) throws ProgramException {
        find(pool).restart();
    }

    @Override
    public void resize(String pool, int maxWorkers) throws ProgramException {
        find(pool).resize(maxWorkers);
    }

    @Override
    public PoolStatus reload(String pool, Map<String, String> changes) throws ProgramException {
        return registryOf(pool).reload(pool, changes);
    }

    /** The registry that holds the pool: its own adapter's, or another started instance's. */
    private PoolRegistry registryOf(String name) throws ProgramException {
        List<PoolRegistry> registries = registries();
        return registries.stream().filter(r -> r.pools().stream().anyMatch(pool -> pool.settings().name().equals(name)))
                .findFirst().orElse(registries.get(0));
    }

    private ProgramPool find(String name) throws ProgramException {
        List<PoolRegistry> registries = registries();
        for (PoolRegistry registry : registries.subList(1, registries.size())) {
            if (registry.pools().stream().anyMatch(pool -> pool.settings().name().equals(name))) {
                return registry.pool(name);
            }
        }
        return registries.get(0).pool(name); // its own, which names the pool in its "not found"
    }

    /** Its own adapter's pools first, then those of the deployment's other started instances. */
    private List<PoolRegistry> registries() throws ProgramException {
        if (resourceAdapter == null) {
            throw new ProgramException(Failure.UNAVAILABLE, "the pool administration is not associated with the procgate adapter");
        }
        List<PoolRegistry> registries = new ArrayList<>();
        try {
            registries.add(resourceAdapter.registry());
        } catch (ResourceException e) {
            throw new ProgramException(Failure.UNAVAILABLE, e.getMessage(), e);
        }
        ProcgateResourceAdapter.startedRegistries().stream().filter(r -> !registries.contains(r)).forEach(registries::add);
        return registries;
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
