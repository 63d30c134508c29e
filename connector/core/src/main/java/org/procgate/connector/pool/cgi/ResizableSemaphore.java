package org.procgate.connector.pool.cgi;

import java.util.concurrent.Semaphore;

/** A fair semaphore whose number of permits an operator can change while it is in use. */
final class ResizableSemaphore extends Semaphore {

    private static final long serialVersionUID = 1L;

    private int size;

    ResizableSemaphore(int size) {
        super(size, true);
        this.size = size;
    }

    synchronized int size() {
        return size;
    }

    /** Grows at once; shrinks as permits come back (busy holders are never interrupted). */
    synchronized void resize(int newSize) {
        int delta = newSize - size;
        if (delta > 0) {
            release(delta);
        } else if (delta < 0) {
            reducePermits(-delta);
        }
        size = newSize;
    }
}
