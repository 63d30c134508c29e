package org.procgate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds what a worker sends back: a CGI response as STDOUT records, then END_REQUEST. */
final class WorkerSideRecords {

    static final int STDOUT = 6;
    static final int END_REQUEST = 3;
    static final int GET_VALUES_RESULT = 10;

    private WorkerSideRecords() {
    }

    /** A complete answer to request 1: {@code Content-Type} header, the body, END_REQUEST. */
    static byte[] response(byte[] body) {
        byte[] head = "Content-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] stdout = new byte[head.length + body.length];
        System.arraycopy(head, 0, stdout, 0, head.length);
        System.arraycopy(body, 0, stdout, head.length, body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stdout.length + stdout.length / 8000 + 64);
        for (int offset = 0; offset < stdout.length; offset += 65535) {
            record(out, STDOUT, 1, stdout, offset, Math.min(65535, stdout.length - offset));
        }
        record(out, STDOUT, 1, stdout, 0, 0);
        record(out, END_REQUEST, 1, new byte[8], 0, 8);
        return out.toByteArray();
    }

    static byte[] emptyValuesResult() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        record(out, GET_VALUES_RESULT, 0, new byte[0], 0, 0);
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, int type, int requestId, byte[] content, int offset, int length) {
        int padding = -length & 7;
        out.write(1);
        out.write(type);
        out.write(requestId >>> 8);
        out.write(requestId);
        out.write(length >>> 8);
        out.write(length);
        out.write(padding);
        out.write(0);
        out.write(content, offset, length);
        out.write(new byte[padding], 0, padding);
    }
}
