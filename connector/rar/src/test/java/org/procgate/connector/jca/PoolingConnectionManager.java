package org.procgate.connector.jca;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The smallest connection pool a server could be (JCA 6.5): it reuses a free managed connection the
 * factory matches, or creates one; listens for its events; and on CONNECTION_CLOSED cleans it up
 * and takes it back, on CONNECTION_ERROR_OCCURRED destroys it.
 */
final class PoolingConnectionManager implements ConnectionManager {

    private static final long serialVersionUID = 1L;

    final Set<ManagedConnection> free = new HashSet<>();
    final List<ManagedConnection> created = new ArrayList<>();
    final List<ManagedConnection> destroyed = new ArrayList<>();

    private final transient ConnectionEventListener listener = new ConnectionEventListener() {
        @Override
        public void connectionClosed(ConnectionEvent event) {
            ManagedConnection connection = (ManagedConnection) event.getSource();
            try {
                connection.cleanup();
            } catch (ResourceException e) {
                throw new IllegalStateException(e);
            }
            free.add(connection);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            ManagedConnection connection = (ManagedConnection) event.getSource();
            free.remove(connection);
            destroyed.add(connection);
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            throw new AssertionError("a NoTransaction adapter started a local transaction");
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            throw new AssertionError("a NoTransaction adapter committed a local transaction");
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            throw new AssertionError("a NoTransaction adapter rolled back a local transaction");
        }
    };

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection connection = factory.matchManagedConnections(new HashSet<>(free), null, info);
        if (connection == null) {
            connection = factory.createManagedConnection(null, info);
            connection.addConnectionEventListener(listener);
            created.add(connection);
        }
        free.remove(connection);
        return connection.getConnection(null, info);
    }
}
