package org.procgate.connector.fastcgi;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.procgate.connector.protocol.ProtocolException;

/**
 * Decodes the records a worker sends back for one request, from input that arrives in pieces
 * of any size, and reports them to a {@link ResponseListener}. STDOUT and STDERR content is
 * passed on as slices of the input as soon as it arrives, never buffered; only the small
 * fixed-size bodies (END_REQUEST, UNKNOWN_TYPE) and GET_VALUES_RESULT (at most 65535 bytes)
 * are collected.
 *
 * <p>Strict: anything a correct worker would not send for this request fails with a
 * {@link ProtocolException}, after which the decoder refuses further input until
 * {@link #reset}, because a connection that was out of step once cannot be trusted again.
 * Not thread-safe.
 */
public final class ResponseDecoder {

    private enum State {
        /** Collecting the 8 header bytes of the next record. */
        HEADER,
        /** Passing on or collecting the current record's content. */
        CONTENT,
        /** Skipping the current record's padding. */
        PADDING,
        /** END_REQUEST received; no more bytes belong to this request. */
        COMPLETE,
        /** A protocol error was found; nothing more is decoded. */
        FAILED
    }

    private final ResponseListener listener;
    private final byte[] header = new byte[FastCgi.HEADER_LENGTH];
    /** END_REQUEST and UNKNOWN_TYPE bodies, both 8 bytes. */
    private final byte[] fixedBody = new byte[FastCgi.END_REQUEST_BODY_LENGTH];
    /** GET_VALUES_RESULT content, allocated on first use; at most 65535 bytes. */
    private byte[] valuesBody;

    private int requestId;
    private State state;
    private int headerFilled;
    private RecordType recordType;
    private int contentRemaining;
    private int paddingRemaining;
    /** Where a collected body goes: fixedBody or valuesBody. */
    private byte[] body;
    private int bodyLength;
    private int bodyFilled;
    private boolean stdoutEnded;
    private boolean stderrEnded;

    public ResponseDecoder(int requestId, ResponseListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        reset(requestId);
    }

    /** Prepares for the next request on the same connection. */
    public void reset(int requestId) {
        if (requestId < 1 || requestId > FastCgi.MAX_REQUEST_ID) {
            throw new IllegalArgumentException("request id " + requestId + " not in 1.." + FastCgi.MAX_REQUEST_ID);
        }
        this.requestId = requestId;
        state = State.HEADER;
        headerFilled = 0;
        recordType = null;
        contentRemaining = 0;
        paddingRemaining = 0;
        body = null;
        bodyLength = 0;
        bodyFilled = 0;
        stdoutEnded = false;
        stderrEnded = false;
    }

    /** Whether END_REQUEST (with its padding) has been decoded. */
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    /**
     * Consumes all remaining bytes of {@code input}, reporting what they complete.
     *
     * @throws ProtocolException if the bytes break the protocol, or the listener threw it
     */
    public void decode(ByteBuffer input) throws ProtocolException {
        if (state == State.FAILED) {
            throw new ProtocolException("decoder failed earlier; reset it for a new connection");
        }
        boolean ok = false;
        try {
            while (input.hasRemaining()) {
                switch (state) {
                    case HEADER -> readHeader(input);
                    case CONTENT -> readContent(input);
                    case PADDING -> skipPadding(input);
                    case COMPLETE -> throw new ProtocolException("data after END_REQUEST");
                    default -> throw new IllegalStateException(state.name());
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                state = State.FAILED;
            }
        }
    }

    private void readHeader(ByteBuffer input) throws ProtocolException {
        int n = Math.min(FastCgi.HEADER_LENGTH - headerFilled, input.remaining());
        input.get(header, headerFilled, n);
        headerFilled += n;
        if (headerFilled == FastCgi.HEADER_LENGTH) {
            headerFilled = 0;
            startRecord();
        }
    }

    private void startRecord() throws ProtocolException {
        int version = header[0] & 0xff;
        if (version != FastCgi.VERSION) {
            throw new ProtocolException("unsupported FastCGI version " + version + ", expected " + FastCgi.VERSION);
        }
        RecordType type = RecordType.from(header[1] & 0xff);
        int id = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        int contentLength = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
        int paddingLength = header[6] & 0xff;

        switch (type) {
            case STDOUT -> {
                checkOwnRequest(type, id);
                stdoutEnded = checkStreamOpen(type, stdoutEnded, contentLength);
            }
            case STDERR -> {
                checkOwnRequest(type, id);
                stderrEnded = checkStreamOpen(type, stderrEnded, contentLength);
            }
            case END_REQUEST -> {
                checkOwnRequest(type, id);
                checkFixedLength(type, contentLength, FastCgi.END_REQUEST_BODY_LENGTH);
                collectInto(fixedBody, contentLength);
            }
            case UNKNOWN_TYPE -> {
                checkManagement(type, id);
                checkFixedLength(type, contentLength, FastCgi.UNKNOWN_TYPE_BODY_LENGTH);
                collectInto(fixedBody, contentLength);
            }
            case GET_VALUES_RESULT -> {
                checkManagement(type, id);
                if (valuesBody == null || valuesBody.length < contentLength) {
                    valuesBody = new byte[contentLength]; // at most 65535: the field is 16 bits
                }
                collectInto(valuesBody, contentLength);
            }
            default -> throw new ProtocolException("worker sent a " + type + " record, which only a web server sends");
        }

        recordType = type;
        contentRemaining = contentLength;
        paddingRemaining = paddingLength;
        if (contentRemaining > 0) {
            state = State.CONTENT;
        } else {
            endContent();
        }
    }

    private void checkOwnRequest(RecordType type, int id) throws ProtocolException {
        if (id != requestId) {
            throw new ProtocolException(type + " record for request " + id + ", expected request " + requestId);
        }
    }

    private static void checkManagement(RecordType type, int id) throws ProtocolException {
        if (id != FastCgi.NULL_REQUEST_ID) {
            throw new ProtocolException(type + " record with request id " + id
                    + "; management records use request id " + FastCgi.NULL_REQUEST_ID);
        }
    }

    /** Returns whether the stream has ended with this record: an empty record ends it. */
    private static boolean checkStreamOpen(RecordType type, boolean ended, int contentLength) throws ProtocolException {
        if (ended) {
            throw new ProtocolException(type + " record after the end of the " + type + " stream");
        }
        return contentLength == 0;
    }

    private static void checkFixedLength(RecordType type, int contentLength, int expected) throws ProtocolException {
        if (contentLength != expected) {
            throw new ProtocolException(type + " content length " + contentLength + ", expected " + expected);
        }
    }

    private void collectInto(byte[] target, int length) {
        body = target;
        bodyLength = length;
        bodyFilled = 0;
    }

    private void readContent(ByteBuffer input) throws ProtocolException {
        int n = Math.min(contentRemaining, input.remaining());
        contentRemaining -= n;
        if (recordType == RecordType.STDOUT || recordType == RecordType.STDERR) {
            int position = input.position();
            ByteBuffer piece = input.slice(position, n);
            input.position(position + n);
            if (recordType == RecordType.STDOUT) {
                listener.onStdout(piece);
            } else {
                listener.onStderr(piece);
            }
        } else {
            input.get(body, bodyFilled, n);
            bodyFilled += n;
        }
        if (contentRemaining == 0) {
            endContent();
        }
    }

    private void endContent() throws ProtocolException {
        if (paddingRemaining > 0) {
            state = State.PADDING;
        } else {
            endRecord();
        }
    }

    private void skipPadding(ByteBuffer input) throws ProtocolException {
        int n = Math.min(paddingRemaining, input.remaining());
        input.position(input.position() + n);
        paddingRemaining -= n;
        if (paddingRemaining == 0) {
            endRecord();
        }
    }

    /**
     * Reports a collected record once its padding is consumed too, so that when the request
     * is complete no byte of it is left unread on the connection.
     */
    private void endRecord() throws ProtocolException {
        RecordType type = recordType;
        recordType = null;
        state = State.HEADER;
        switch (type) {
            case END_REQUEST -> {
                long appStatus = ((long) (fixedBody[0] & 0xff) << 24) | ((fixedBody[1] & 0xff) << 16)
                        | ((fixedBody[2] & 0xff) << 8) | (fixedBody[3] & 0xff);
                ProtocolStatus status = ProtocolStatus.from(fixedBody[4] & 0xff);
                state = State.COMPLETE;
                listener.onEndRequest(appStatus, status);
            }
            case UNKNOWN_TYPE -> listener.onUnknownTypeReply(fixedBody[0] & 0xff);
            case GET_VALUES_RESULT -> listener.onValues(NameValuePairs.decode(ByteBuffer.wrap(valuesBody, 0, bodyLength)));
            default -> {
                // STDOUT and STDERR content was passed on as it arrived
            }
        }
        body = null;
    }
}
