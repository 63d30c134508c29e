package org.procgate.connector.fastcgi;

import java.nio.ByteBuffer;
import java.util.Map;

import org.procgate.connector.protocol.ProtocolException;

/**
 * What a {@link ResponseDecoder} found in a worker's records, in arrival order.
 *
 * <p>Content buffers are only valid during the call: they may be slices of the decoder's input
 * that the caller reuses for the next read, so a listener copies what it keeps and does not
 * write into them. A listener may throw {@link ProtocolException} (for instance when the
 * STDOUT it feeds to a parser is not a valid CGI response); {@link ResponseDecoder#decode}
 * passes it on.
 */
public interface ResponseListener {

    /** A piece of the STDOUT stream; one record may arrive in several pieces. Never empty. */
    void onStdout(ByteBuffer content) throws ProtocolException;

    /** A piece of the STDERR stream; one record may arrive in several pieces. Never empty. */
    void onStderr(ByteBuffer content) throws ProtocolException;

    /** The request ended; nothing more comes for it. */
    void onEndRequest(long appStatus, ProtocolStatus status) throws ProtocolException;

    /** A GET_VALUES_RESULT. */
    default void onValues(Map<String, String> values) throws ProtocolException {
    }

    /** The worker did not understand a record of this type that it was sent. */
    default void onUnknownTypeReply(int type) throws ProtocolException {
    }
}
