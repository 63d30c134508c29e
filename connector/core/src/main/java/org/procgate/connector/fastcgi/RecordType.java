package org.procgate.connector.fastcgi;

import org.procgate.connector.protocol.ProtocolException;

/** The {@code type} byte of a FastCGI record header. */
public enum RecordType {
    BEGIN_REQUEST(1),
    ABORT_REQUEST(2),
    END_REQUEST(3),
    PARAMS(4),
    STDIN(5),
    STDOUT(6),
    STDERR(7),
    DATA(8),
    GET_VALUES(9),
    GET_VALUES_RESULT(10),
    UNKNOWN_TYPE(11);

    private static final RecordType[] BY_CODE = byCode();

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws ProtocolException if no record type has this code */
    public static RecordType from(int code) throws ProtocolException {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new ProtocolException("unknown record type " + code);
        }
        return BY_CODE[code];
    }

    /** Management records concern the connection, not a request, and carry request id 0. */
    public boolean isManagement() {
        return this == GET_VALUES || this == GET_VALUES_RESULT || this == UNKNOWN_TYPE;
    }

    private static RecordType[] byCode() {
        RecordType[] types = new RecordType[UNKNOWN_TYPE.code + 1];
        for (RecordType type : values()) {
            types[type.code] = type;
        }
        return types;
    }
}
