package org.procgate.connector.jca;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

import org.procgate.connector.pool.ProgramPool;


/**
 * What the server's JCA pool holds: a cheap link to one procgate pool. The worker processes
 * are not tied to it; they stay with the resource adapter.
 */
class ProgramManagedConnection implements ManagedConnection {

    private final ProgramManagedConnectionFactory factory;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<ProgramConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private PrintWriter logWriter;

    ProgramManagedConnection(ProgramManagedConnectionFactory factory) {
        this.factory = factory;
    }

    ProgramManagedConnectionFactory factory() {
        return factory;
    }

    ProgramPool pool() throws ResourceException {
        return factory.pool();
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        ProgramConnectionHandle handle = new ProgramConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    /** A handle was closed by the application: tell the server it may reuse this connection. */
    void closed(ProgramConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(listener -> listener.connectionClosed(event));
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ProgramConnectionHandle handle)) {
            throw new ResourceException("not a procgate connection handle: " + connection);
        }
        handle.moveTo(this);
        handles.add(handle);
    }

    void detach(ProgramConnectionHandle handle) {
        handles.remove(handle);
    }

    @Override
    public void cleanup() {
        handles.forEach(ProgramConnectionHandle::invalidate);
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("procgate programs take no part in transactions");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("procgate programs take no part in transactions");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "procgate";
            }

            @Override
            public String getEISProductVersion() {
                return "0.1";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return "";
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
