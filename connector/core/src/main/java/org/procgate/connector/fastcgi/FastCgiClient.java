package org.procgate.connector.fastcgi;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ProtocolException;

/**
 * The client side of one kept-alive connection to one FastCGI worker, RESPONDER role, one
 * request at a time (request id 1). Blocking I/O; the caller bounds the whole exchange by
 * closing the channel from a watchdog, which makes any blocked read or write fail at once.
 * <p>
 * A connection whose response was not read to END_REQUEST is never used again
 * ({@link #isReusable()} turns false).
 */
public final class FastCgiClient implements Closeable {

    static final int REQUEST_ID = 1;
    /** Bodies up to this size are sent with the request head in one write. */
    static final int INLINE_BODY_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024 + 512;

    private final ByteChannel channel;
    private final ExecutorService bodyWriters;
    private final RequestEncoder encoder = new RequestEncoder();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private boolean reusable = true;
    private boolean answerStarted;

    /**
     * @param channel     a connected, blocking channel to the worker
     * @param bodyWriters runs the upload of large bodies while this thread reads the answer, so a
     *                    worker that answers before reading its input cannot deadlock the exchange
     */
    public FastCgiClient(ByteChannel channel, ExecutorService bodyWriters) {
        this.channel = channel;
        this.bodyWriters = bodyWriters;
    }

    /**
     * Sends one request and reads the complete answer.
     *
     * @param params   the CGI meta-variables
     * @param body     the request body (FCGI_STDIN)
     * @param parser   receives STDOUT and yields the response
     * @param stderr   receives the STDERR stream's text in pieces (the caller caps and logs it)
     * @throws RequestRefusedException the worker did not run the request
     * @throws ProtocolException       the worker spoke nonsense
     * @throws EOFException            the worker closed the connection before END_REQUEST
     * @throws IOException             the connection failed (or was closed by the watchdog)
     */
    public ProgramResponse execute(Map<String, String> params, byte[] body, CgiResponseParser parser,
                                   Consumer<ByteBuffer> stderr) throws IOException {
        if (!reusable) {
            throw new IOException("connection is not reusable after an incomplete exchange");
        }
        reusable = false;
        answerStarted = false;
        encoder.reset().beginRequest(REQUEST_ID, Role.RESPONDER, true).params(REQUEST_ID, params);
        Future<?> upload = null;
        if (body.length <= INLINE_BODY_BYTES) {
            encoder.stdin(REQUEST_ID, body, 0, body.length).endStdin(REQUEST_ID);
            writeFully(encoder.output());
        } else {
            writeFully(encoder.output());
            upload = bodyWriters.submit(() -> {
                writeBody(body);
                return null;
            });
        }
        ResponseCollector collector = new ResponseCollector(parser, stderr);
        ResponseDecoder decoder = new ResponseDecoder(REQUEST_ID, collector);
        readBuffer.clear();
        while (!decoder.isComplete()) {
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new EOFException("the worker closed the connection before END_REQUEST");
            }
            answerStarted = true;
            readBuffer.flip();
            decoder.decode(readBuffer);
            collector.rethrow();
            readBuffer.clear();
        }
        if (upload != null && !finished(upload)) {
            // answered without reading all of its input: the stream is out of step, drop it
            return finishWithoutReuse(collector);
        }
        if (collector.status != ProtocolStatus.REQUEST_COMPLETE) {
            reusable = true;
            throw new RequestRefusedException(collector.status);
        }
        ProgramResponse response = parser.finish();
        reusable = true;
        return response;
    }

    /**
     * Asks the worker for its limits (FCGI_GET_VALUES), e.g. {@code FCGI_MAX_CONNS}. Bound it with
     * the watchdog like any exchange: a worker that ignores management records never answers.
     */
    public Map<String, String> getValues(java.util.Collection<String> names) throws IOException {
        encoder.reset().getValues(names);
        writeFully(encoder.output());
        Map<String, String>[] answer = new Map[1];
        ResponseDecoder decoder = new ResponseDecoder(REQUEST_ID, new ResponseListener() {
            @Override
            public void onStdout(ByteBuffer content) throws ProtocolException {
                throw new ProtocolException("STDOUT without a request");
            }

            @Override
            public void onStderr(ByteBuffer content) throws ProtocolException {
                throw new ProtocolException("STDERR without a request");
            }

            @Override
            public void onEndRequest(long appStatus, ProtocolStatus status) throws ProtocolException {
                throw new ProtocolException("END_REQUEST without a request");
            }

            @Override
            public void onValues(Map<String, String> values) {
                answer[0] = values;
            }

            @Override
            public void onUnknownTypeReply(int type) {
                answer[0] = Map.of();
            }
        });
        readBuffer.clear();
        while (answer[0] == null) {
            if (channel.read(readBuffer) < 0) {
                throw new EOFException("the worker closed the connection instead of answering FCGI_GET_VALUES");
            }
            readBuffer.flip();
            decoder.decode(readBuffer);
            readBuffer.clear();
        }
        return answer[0];
    }

    private ProgramResponse finishWithoutReuse(ResponseCollector collector) throws IOException {
        close();
        if (collector.status != ProtocolStatus.REQUEST_COMPLETE) {
            throw new RequestRefusedException(collector.status);
        }
        return collector.parser.finish();
    }

    private boolean finished(Future<?> upload) throws IOException {
        try {
            upload.get(100, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            upload.cancel(true);
            return false;
        } catch (ExecutionException e) {
            // the worker stopped reading and closed its side after answering; the answer stands
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while finishing the upload", e);
        }
    }

    private void writeBody(byte[] body) throws IOException {
        RequestEncoder chunkEncoder = new RequestEncoder();
        int offset = 0;
        while (offset < body.length) {
            int length = Math.min(INLINE_BODY_BYTES, body.length - offset);
            chunkEncoder.reset().stdin(REQUEST_ID, body, offset, length);
            offset += length;
            if (offset == body.length) {
                chunkEncoder.endStdin(REQUEST_ID);
            }
            writeFully(chunkEncoder.output());
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Whether any byte of an answer arrived in the last exchange (a retry is then unsafe). */
    public boolean answerStarted() {
        return answerStarted;
    }

    /** Whether the connection can carry another request. */
    public boolean isReusable() {
        return reusable && channel.isOpen();
    }

    @Override
    public void close() {
        reusable = false;
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket we are discarding anyway
        }
    }

    /** Routes decoder events: STDOUT into the CGI response parser, STDERR to the caller. */
    private static final class ResponseCollector implements ResponseListener {
        private final CgiResponseParser parser;
        private final Consumer<ByteBuffer> stderr;
        private ProtocolStatus status;
        private ProtocolException failure;

        ResponseCollector(CgiResponseParser parser, Consumer<ByteBuffer> stderr) {
            this.parser = parser;
            this.stderr = stderr;
        }

        @Override
        public void onStdout(ByteBuffer content) {
            if (failure == null) {
                try {
                    parser.feed(content);
                } catch (ProtocolException e) {
                    failure = e;
                }
            }
        }

        @Override
        public void onStderr(ByteBuffer content) {
            stderr.accept(content);
        }

        @Override
        public void onEndRequest(long appStatus, ProtocolStatus protocolStatus) {
            this.status = protocolStatus;
        }

        void rethrow() throws ProtocolException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
