package org.procgate.connector.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a program's answer goes while the program writes it. The connector calls it from the
 * thread that called {@link ProgramConnection#execute(ProgramRequest, ResponseSink)}, or, for a
 * pool that buffers responses, from one of its own threads; never from two threads at once, and
 * always in this order: {@link #head} once, then any number of {@link #write} and {@link #flush},
 * then {@code execute} returns. Two answers come instead of {@link #head}, each once and last:
 * {@link #localRedirect}, and {@link #file} (which by default calls {@link #head} and
 * {@link #write} itself).
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

    /**
     * The program's answer is complete (its end of output), though the program may still be
     * running: the receiver may end the response now rather than when {@code execute} returns.
     * Not called for a local redirect or an offloaded file. By default nothing happens.
     */
    default void end() throws IOException {
        // the response ends when execute returns
    }

    /**
     * Instead of {@link #head}: the program's whole answer was a local redirect (RFC 3875 section
     * 6.2.2): a {@code Location} with an absolute path, no {@code Status} and no body. A gateway
     * serves that path as a new GET request, with the checks of a fresh one; once {@code execute}
     * returned, the program's worker is free. By default the answer becomes a client redirect.
     *
     * @param location the path and query as the program wrote them, e.g. {@code /cgi-bin/b.py?x=1}
     */
    default void localRedirect(String location) throws IOException {
        head(302, List.of(new Header("Location", location)));
    }

    /**
     * Instead of {@link #head}: the program named a file for the server to send (its pool's
     * {@code sendfileRoot}), and its worker is already free. {@code headers} are the program's,
     * without the offload header and without {@code Content-Length}. By default the whole file
     * is sent as the body, through one bounded buffer; a gateway may answer a range instead.
     */
    default void file(int status, List<Header> headers, OffloadedFile file) throws IOException {
        List<Header> withLength = new ArrayList<>(headers);
        withLength.add(new Header("Content-Length", Long.toString(file.length())));
        head(status, withLength);
        file.copy(0, file.length(), this);
        flush();
    }
}
