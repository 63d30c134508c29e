package org.procgate.connector.api;

import java.io.IOException;
import java.util.List;

/**
 * Where a program's answer goes while the program writes it. The connector calls it from the
 * thread that called {@link ProgramConnection#execute(ProgramRequest, ResponseSink)}, or, for a
 * pool that buffers responses, from one of its own threads; never from two threads at once, and
 * always in this order: {@link #head} once, then any number of {@link #write} and {@link #flush},
 * then {@code execute} returns.
 *
 * <p>{@code execute} returning normally means the body is complete. If it throws after
 * {@link #head} was called, the answer is incomplete: an HTTP gateway must abort its response
 * (close the connection without the final chunk) so that no client takes a truncated body for a
 * whole one.
 *
 * <p>An {@link IOException} thrown here means the receiver is gone (the client disconnected):
 * the connector stops the program, unless the pool is set to let programs finish.
 */
public interface ResponseSink {

    /**
     * The program's status and headers, validated, before any body byte. {@code Status} is not
     * among the headers; a relative {@code Location} is as the program wrote it.
     */
    void head(int status, List<Header> headers) throws IOException;

    /** The next piece of the body. The bytes are only valid during the call. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** The program paused (or asked to be read now): pass what is held on to the client. */
    void flush() throws IOException;
}
