package org.procgate.connector.api;

/**
 * A handle to one pool. Not thread-safe: use it from one thread and close it.
 * A closed handle refuses further use.
 *
 * <p>Streaming, in constant memory whatever the sizes:
 * <pre>{@code
 * try (ProgramConnection connection = factory.getConnection()) {
 *     ProgramRequest request = ProgramRequest.builder("POST", "/convert")
 *             .body(RequestBody.of(upload, uploadLength))
 *             .build();
 *     connection.execute(request, new ResponseSink() {
 *         public void head(int status, List<Header> headers) { ... }
 *         public void write(byte[] bytes, int offset, int length) throws IOException { out.write(bytes, offset, length); }
 *         public void flush() throws IOException { out.flush(); }
 *     });
 * }
 * }</pre>
 */
public interface ProgramConnection extends AutoCloseable {

    /**
     * Runs the request; the program's answer goes to {@code sink} as the program writes it, and
     * the request body is read from its stream as the program reads it. Returns when the answer
     * is complete.
     *
     * @throws ProgramException with a {@link Failure} saying what went wrong; if {@code sink}
     *                          already had its {@link ResponseSink#head head}, the answer is incomplete
     */
    void execute(ProgramRequest request, ResponseSink sink) throws ProgramException;

    /**
     * Runs the request and returns the whole response in memory: for small answers, such as a
     * page of search results. A body over the pool's {@code maxResponseBytes} (or 64 MiB when the
     * pool sets no limit) fails with {@link Failure#PROTOCOL_ERROR}; stream larger ones.
     *
     * @throws ProgramException with a {@link Failure} saying what went wrong
     */
    ProgramResponse execute(ProgramRequest request) throws ProgramException;

    /** Releases the handle; never throws. */
    @Override
    void close();
}
