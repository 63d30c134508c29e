package org.procgate.connector.jca;

import jakarta.resource.ResourceException;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.pool.ProgramPool;

/** The connection an application holds; refuses use once closed. */
class ProgramConnectionHandle implements ProgramConnection {

    private volatile ProgramManagedConnection managed;
    private volatile boolean closed;

    ProgramConnectionHandle(ProgramManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    public void execute(ProgramRequest request, ResponseSink sink) throws ProgramException {
        pool().execute(request, sink);
    }

    @Override
    public ProgramResponse execute(ProgramRequest request) throws ProgramException {
        return pool().execute(request);
    }

    private ProgramPool pool() throws ProgramException {
        ProgramManagedConnection current = managed;
        if (closed || current == null) {
            throw new ProgramException(Failure.UNAVAILABLE, "this procgate connection is closed; get a new one from the factory");
        }
        try {
            return current.pool();
        } catch (ResourceException e) {
            throw new ProgramException(Failure.UNAVAILABLE, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ProgramManagedConnection current = managed;
            if (current != null) {
                current.closed(this);
            }
        }
    }

    void moveTo(ProgramManagedConnection target) {
        ProgramManagedConnection previous = managed;
        if (previous != null && previous != target) {
            previous.detach(this);
        }
        managed = target;
    }

    void invalidate() {
        managed = null;
        closed = true;
    }
}
