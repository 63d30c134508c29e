package org.procgate.connector.pool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.offload.FileOffload;
import org.procgate.connector.protocol.ClientSink;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.settings.StreamingSettings;
import org.procgate.connector.spool.SpoolingSink;

/**
 * How an answer reaches the caller's sink, the same for both kinds of pool: through a spool when
 * the pool buffers responses (the program is released before a slow client has it all), else
 * passed straight through; a client that leaves is noticed either way.
 */
public final class Delivery {

    private static final Path TEMPORARY_FILES = Path.of(System.getProperty("java.io.tmpdir"));

    /** One exchange with a program, writing to the sink it is given. */
    public interface Exchange {
        void run(ClientSink sink) throws ProgramException;
    }

    private Delivery() {
    }

    /**
     * Runs the exchange and passes its answer on; a file the program names for the server to send
     * ({@link FileOffload}) goes out after the exchange, when the program is released.
     */
    public static void deliver(PoolSettings settings, Executor drainers, ResponseSink sink, Exchange exchange)
            throws ProgramException {
        StreamingSettings streaming = settings.streaming();
        if (!streaming.responseBuffering()) {
            FileOffload offload = new FileOffload(sink, sink, settings);
            exchange.run(new ClientSink(offload, streaming.ignoreClientAbort()));
            offload.sendFile();
            return;
        }
        SpoolingSink spool = new SpoolingSink(sink, streaming.responseBufferBytes(), streaming.maxTempFileBytes(),
                TEMPORARY_FILES, drainers, settings.requestTimeout());
        FileOffload offload = new FileOffload(spool, sink, settings);
        try {
            exchange.run(new ClientSink(offload, streaming.ignoreClientAbort()));
        } catch (ProgramException | RuntimeException e) {
            spool.abandon();
            throw e;
        }
        try {
            spool.finish();
        } catch (IOException e) {
            throw new ProgramException(Failure.CLIENT_ABORTED, "pool " + settings.name()
                    + ": the client went away before it had the whole answer (the program had finished)", e);
        }
        offload.sendFile();
    }
}
