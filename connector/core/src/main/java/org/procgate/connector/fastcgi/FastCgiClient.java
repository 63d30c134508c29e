package org.procgate.connector.fastcgi;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.procgate.connector.api.RequestBody;
import org.procgate.connector.body.BodyDestination;
import org.procgate.connector.body.BodyFailure;
import org.procgate.connector.body.BodyPump;
import org.procgate.connector.body.InlineBody;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ClientGoneException;
import org.procgate.connector.protocol.ProtocolException;

/**
 * The client side of one kept-alive connection to one FastCGI worker, RESPONDER role, one
 * request at a time (request id 1). Blocking I/O; the caller bounds the whole exchange by
 * closing the channel from a watchdog, which makes any blocked read or write fail at once.
 *
 * <p>Both directions stream: a large or chunked request body goes out as FCGI_STDIN records from
 * a {@link BodyPump} while this thread reads the answer, and every STDOUT record goes to the
 * response parser (and on to its sink) as it arrives, with a flush whenever the worker pauses.
 * <p>
 * A connection whose response was not read to END_REQUEST is never used again
 * ({@link #isReusable()} turns false).
 */
public final class FastCgiClient implements Closeable {

    static final int REQUEST_ID = 1;
    /** Bodies up to this are sent with the request head in one write. */
    static final int INLINE_BODY_BYTES = 64 * 1024;
    /** Room for several records per read when a worker writes fast: fewer reads, fewer flushes. */
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** How long a finished exchange waits for the rest of a body the worker did not read. */
    private static final Duration BODY_DRAIN_WAIT = Duration.ofSeconds(5);

    private final ByteChannel channel;
    private final Executor bodyWriters;
    private final RequestEncoder encoder = new RequestEncoder();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    /** Whole records only: the body pump and an abort may write at the same time. */
    private final Object writeLock = new Object();
    private boolean reusable = true;
    private boolean answerStarted;
    private boolean bodyResendable;
    private ResponseDecoder decoder;
    private ResponseCollector collector;
    private BodyPump pump;

    /**
     * @param channel     a connected, blocking channel to the worker
     * @param bodyWriters runs the upload of large bodies while this thread reads the answer, so a
     *                    worker that answers before reading its input cannot deadlock the exchange
     */
    public FastCgiClient(ByteChannel channel, Executor bodyWriters) {
        this.channel = channel;
        this.bodyWriters = bodyWriters;
    }

    /**
     * Sends one request and passes the answer to {@code parser} as it arrives.
     *
     * @param params   the CGI meta-variables
     * @param body     the request body (FCGI_STDIN)
     * @param bodyCap  the most body bytes passed on (0: no limit)
     * @param parser   receives STDOUT and passes the response on to its sink
     * @param stderr   receives the STDERR stream's text in pieces (the caller caps and logs it)
     * @throws RequestRefusedException the worker did not run the request
     * @throws ProtocolException       the worker spoke nonsense
     * @throws EOFException            the worker closed the connection before END_REQUEST
     * @throws IOException             the connection failed (or was closed by the watchdog)
     * @throws ClientGoneException     the parser's sink failed: call {@link #abortRequest()}
     * @throws BodyFailure             the request body failed (too large, cut short, client gone)
     */
    public void execute(Map<String, String> params, RequestBody body, long bodyCap, CgiResponseParser parser,
                        Consumer<ByteBuffer> stderr) throws IOException, ClientGoneException, BodyFailure {
        if (!reusable) {
            throw new IOException("connection is not reusable after an incomplete exchange");
        }
        answerStarted = false;
        pump = null;
        // before anything is sent: a body that fails here leaves the connection in step
        InlineBody start = InlineBody.read(body, INLINE_BODY_BYTES, bodyCap);
        bodyResendable = start.complete();
        reusable = false;
        encoder.reset().beginRequest(REQUEST_ID, Role.RESPONDER, true).params(REQUEST_ID, params);
        if (start.complete()) {
            encoder.stdin(REQUEST_ID, start.bytes(), 0, start.length()).endStdin(REQUEST_ID);
            writeFully(encoder.output());
        } else {
            writeFully(encoder.output());
            pump = new BodyPump(body, start, bodyCap, new StdinRecords(), this::close);
            bodyWriters.execute(pump);
        }
        collector = new ResponseCollector(parser, stderr);
        decoder = new ResponseDecoder(REQUEST_ID, collector);
        try {
            readToEnd(parser);
        } catch (IOException e) {
            throw bodyFailureOr(e, bodyCap, body.length());
        }
        boolean bodyInStep = finishBody(bodyCap, body.length());
        if (collector.status != ProtocolStatus.REQUEST_COMPLETE) {
            reusable = bodyInStep;
            throw new RequestRefusedException(collector.status);
        }
        parser.end();
        reusable = bodyInStep;
    }

    private void readToEnd(CgiResponseParser parser) throws IOException, ClientGoneException {
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
            if (parser != null && !decoder.isComplete()) {
                parser.flush(); // the worker paused: what it wrote reaches the client now
            }
        }
    }

    /** A failed read because the body pump stopped the exchange is the body's failure. */
    private IOException bodyFailureOr(IOException e, long cap, long declared) throws BodyFailure {
        if (pump != null && (pump.failed() || pump.await(Duration.ZERO) && pump.failed())) {
            throw BodyFailure.of(pump, cap, declared);
        }
        return e;
    }

    /**
     * After the answer: whether the body was sent whole, so the connection is still in step.
     * What the worker did not read is read from the client and dropped (bounded).
     */
    private boolean finishBody(long cap, long declared) throws BodyFailure {
        if (pump == null) {
            return true;
        }
        pump.discardRest();
        if (!pump.await(BODY_DRAIN_WAIT)) {
            close();
            return false;
        }
        if (pump.failed()) {
            close();
            throw BodyFailure.of(pump, cap, declared);
        }
        return pump.outcome() == BodyPump.Outcome.COMPLETE;
    }

    /**
     * Sends FCGI_ABORT_REQUEST for the request in flight (the client left) and reads the rest of
     * the answer, dropping it, until END_REQUEST. The caller bounds this with its watchdog.
     *
     * @return whether the connection is in step and may carry another request
     */
    public boolean abortRequest() {
        try {
            synchronized (writeLock) {
                writeFully(new RequestEncoder().abortRequest(REQUEST_ID).output());
            }
            collector.discard();
            readToEnd(null);
            boolean inStep = pump == null || pump.await(Duration.ZERO) && pump.outcome() == BodyPump.Outcome.COMPLETE;
            reusable = inStep && collector.status != null;
            return reusable;
        } catch (IOException | ClientGoneException e) {
            close();
            return false;
        } finally {
            if (pump != null) {
                pump.discardRest();
            }
        }
    }

    /**
     * Makes sure the body pump no longer touches the client's stream (the caller may return the
     * request to its server only then): the rest of the body is dropped, waiting at most a few seconds.
     */
    public void settleBody() {
        BodyPump current = pump;
        if (current != null) {
            current.discardRest();
            current.await(BODY_DRAIN_WAIT);
        }
    }

    /** Whether the body can be sent again on another worker (it was small and is still in memory). */
    public boolean bodyResendable() {
        return bodyResendable;
    }

    /**
     * Asks the worker for its limits (FCGI_GET_VALUES), e.g. {@code FCGI_MAX_CONNS}. Bound it with
     * the watchdog like any exchange: a worker that ignores management records never answers.
     */
    public Map<String, String> getValues(Collection<String> names) throws IOException {
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

    private void writeFully(ByteBuffer buffer) throws IOException {
        synchronized (writeLock) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
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

    /** The request body as FCGI_STDIN records, written by the body pump's thread. */
    private final class StdinRecords implements BodyDestination {
        private final RequestEncoder records = new RequestEncoder();

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writeFully(records.reset().stdin(REQUEST_ID, bytes, offset, length).output());
        }

        @Override
        public void end() throws IOException {
            writeFully(records.reset().endStdin(REQUEST_ID).output());
        }
    }

    /** Routes decoder events: STDOUT into the CGI response parser, STDERR to the caller. */
    private static final class ResponseCollector implements ResponseListener {
        private final CgiResponseParser parser;
        private final Consumer<ByteBuffer> stderr;
        private ProtocolStatus status;
        private ProtocolException protocolFailure;
        private ClientGoneException clientGone;
        private boolean discarding;

        ResponseCollector(CgiResponseParser parser, Consumer<ByteBuffer> stderr) {
            this.parser = parser;
            this.stderr = stderr;
        }

        @Override
        public void onStdout(ByteBuffer content) {
            if (discarding || protocolFailure != null || clientGone != null) {
                return;
            }
            try {
                parser.feed(content);
            } catch (ProtocolException e) {
                protocolFailure = e;
            } catch (ClientGoneException e) {
                clientGone = e;
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

        /** The rest of the answer is dropped (after an abort). */
        void discard() {
            discarding = true;
        }

        void rethrow() throws ProtocolException, ClientGoneException {
            if (discarding) {
                return;
            }
            if (protocolFailure != null) {
                throw protocolFailure;
            }
            if (clientGone != null) {
                throw clientGone;
            }
        }
    }
}
