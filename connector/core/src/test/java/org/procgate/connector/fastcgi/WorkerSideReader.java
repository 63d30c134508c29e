package org.procgate.connector.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only: reads what {@link RequestEncoder} produced the way a worker would, written
 * independently of the production decoder so that the two cannot share a mistake.
 */
final class WorkerSideReader {

    record Record(int type, int requestId, byte[] content, int padding) {
    }

    private WorkerSideReader() {
    }

    /** Splits {@code bytes} into records, checking version, reserved byte and padding rules. */
    static List<Record> records(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate();
        List<Record> records = new ArrayList<>();
        while (in.hasRemaining()) {
            assertThat(in.remaining()).as("room for a header").isGreaterThanOrEqualTo(8);
            int version = in.get() & 0xff;
            int type = in.get() & 0xff;
            int requestId = in.getShort() & 0xffff;
            int contentLength = in.getShort() & 0xffff;
            int padding = in.get() & 0xff;
            int reserved = in.get() & 0xff;
            assertThat(version).isEqualTo(1);
            assertThat(reserved).isZero();
            assertThat((contentLength + padding) % 8).as("content padded to a multiple of 8").isZero();
            assertThat(padding).isLessThan(8);
            byte[] content = new byte[contentLength];
            in.get(content);
            for (int i = 0; i < padding; i++) {
                assertThat(in.get()).as("padding byte").isZero();
            }
            records.add(new Record(type, requestId, content, padding));
        }
        return records;
    }

    /** The concatenated content of a stream's records, asserting it ends with an empty record. */
    static byte[] stream(List<Record> records, RecordType type, int requestId) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        boolean ended = false;
        for (Record record : records) {
            if (record.type() != type.code()) {
                continue;
            }
            assertThat(ended).as(type + " after its empty record").isFalse();
            assertThat(record.requestId()).isEqualTo(requestId);
            assertThat(record.content().length).isLessThanOrEqualTo(65535);
            content.writeBytes(record.content());
            ended = record.content().length == 0;
        }
        assertThat(ended).as(type + " stream ended by an empty record").isTrue();
        return content.toByteArray();
    }

    /** Name-value pairs, UTF-8, with the one- and four-byte length forms. */
    static Map<String, String> pairs(byte[] stream) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int[] position = {0};
        while (position[0] < stream.length) {
            int nameLength = length(stream, position);
            int valueLength = length(stream, position);
            String name = new String(stream, position[0], nameLength, StandardCharsets.UTF_8);
            position[0] += nameLength;
            String value = new String(stream, position[0], valueLength, StandardCharsets.UTF_8);
            position[0] += valueLength;
            pairs.put(name, value);
        }
        return pairs;
    }

    private static int length(byte[] bytes, int[] position) {
        int first = bytes[position[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = ((first & 0x7f) << 24) | ((bytes[position[0]] & 0xff) << 16)
                | ((bytes[position[0] + 1] & 0xff) << 8) | (bytes[position[0] + 2] & 0xff);
        position[0] += 3;
        assertThat(length).as("four-byte form only for lengths over 127").isGreaterThan(127);
        return length;
    }
}
