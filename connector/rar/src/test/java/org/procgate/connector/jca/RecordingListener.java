package org.procgate.connector.jca;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ManagedConnection;

/** What the server's connection pool hears from a managed connection. */
final class RecordingListener implements ConnectionEventListener {

    final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

    /** A listener added to the connection, as the server adds its own. */
    static RecordingListener on(ManagedConnection connection) {
        RecordingListener listener = new RecordingListener();
        connection.addConnectionEventListener(listener);
        return listener;
    }

    @Override
    public void connectionClosed(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
        events.add(event);
    }

    List<Integer> ids() {
        return events.stream().map(ConnectionEvent::getId).toList();
    }
}
