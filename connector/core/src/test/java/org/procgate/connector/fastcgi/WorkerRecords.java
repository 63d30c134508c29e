package org.procgate.connector.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test-only builder of the records a worker sends, including deliberately broken ones. */
final class WorkerRecords {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WorkerRecords stdout(int requestId, String text, int padding) {
        return record(RecordType.STDOUT.code(), requestId, text.getBytes(StandardCharsets.UTF_8), padding);
    }

    WorkerRecords stdout(int requestId, byte[] content, int padding) {
        return record(RecordType.STDOUT.code(), requestId, content, padding);
    }

    WorkerRecords stderr(int requestId, String text, int padding) {
        return record(RecordType.STDERR.code(), requestId, text.getBytes(StandardCharsets.UTF_8), padding);
    }

    WorkerRecords endRequest(int requestId, long appStatus, int protocolStatus, int padding) {
        byte[] body = {
                (byte) (appStatus >>> 24), (byte) (appStatus >>> 16), (byte) (appStatus >>> 8), (byte) appStatus,
                (byte) protocolStatus, 0, 0, 0};
        return record(RecordType.END_REQUEST.code(), requestId, body, padding);
    }

    WorkerRecords getValuesResult(Map<String, String> values, int padding) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        values.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            content.write(n.length);
            content.write(v.length);
            content.writeBytes(n);
            content.writeBytes(v);
        });
        return record(RecordType.GET_VALUES_RESULT.code(), 0, content.toByteArray(), padding);
    }

    WorkerRecords unknownType(int type) {
        return record(RecordType.UNKNOWN_TYPE.code(), 0, new byte[] {(byte) type, 0, 0, 0, 0, 0, 0, 0}, 0);
    }

    WorkerRecords record(int type, int requestId, byte[] content, int padding) {
        return raw(1, type, requestId, content, padding);
    }

    /** Any header at all; the content length is the content's. */
    WorkerRecords raw(int version, int type, int requestId, byte[] content, int padding) {
        out.write(version);
        out.write(type);
        out.write(requestId >>> 8);
        out.write(requestId);
        out.write(content.length >>> 8);
        out.write(content.length);
        out.write(padding);
        out.write(0);
        out.writeBytes(content);
        for (int i = 0; i < padding; i++) {
            out.write(0xAA); // padding content is arbitrary; the decoder must skip it unread
        }
        return this;
    }

    WorkerRecords bytes(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }
}
