package org.procgate.connector.fastcgi;

/**
 * Constants of the FastCGI 1.0 protocol.
 *
 * <p>Every record starts with this 8-byte header, numbers big-endian:
 * <pre>
 * typedef struct {
 *     unsigned char version;            // FCGI_VERSION_1
 *     unsigned char type;               // RecordType
 *     unsigned char requestIdB1;        // request id, 0 for management records
 *     unsigned char requestIdB0;
 *     unsigned char contentLengthB1;    // 0..65535
 *     unsigned char contentLengthB0;
 *     unsigned char paddingLength;      // 0..255, skipped by the reader
 *     unsigned char reserved;
 * } FCGI_Header;
 * </pre>
 * followed by {@code contentLength} bytes of content and {@code paddingLength} bytes of padding.
 */
public final class FastCgi {

    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int MAX_CONTENT_LENGTH = 65535;
    /** The request id of management records (GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE). */
    public static final int NULL_REQUEST_ID = 0;
    /** Largest request id the 16-bit field carries. */
    public static final int MAX_REQUEST_ID = 65535;
    /** BEGIN_REQUEST flag: the worker keeps the connection open after END_REQUEST. */
    public static final int KEEP_CONN = 1;

    /** Content length of BEGIN_REQUEST, END_REQUEST and UNKNOWN_TYPE bodies. */
    public static final int BEGIN_REQUEST_BODY_LENGTH = 8;
    public static final int END_REQUEST_BODY_LENGTH = 8;
    public static final int UNKNOWN_TYPE_BODY_LENGTH = 8;

    /** GET_VALUES names. */
    public static final String FCGI_MAX_CONNS = "FCGI_MAX_CONNS";
    public static final String FCGI_MAX_REQS = "FCGI_MAX_REQS";
    public static final String FCGI_MPXS_CONNS = "FCGI_MPXS_CONNS";

    private FastCgi() {
    }
}
