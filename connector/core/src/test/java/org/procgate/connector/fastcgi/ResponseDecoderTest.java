package org.procgate.connector.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.protocol.ProtocolException;

class ResponseDecoderTest {

    private static final int ID = 1;

    /** STDOUT and STDERR interleaved, management records in between, assorted padding. */
    private static final byte[] RESPONSE = new WorkerRecords()
            .stdout(ID, "Content-Type: text/plain\r\n\r\n", 3)
            .stderr(ID, "warning: ", 0)
            .stdout(ID, "x".repeat(300), 255)
            .getValuesResult(orderedMap("FCGI_MAX_CONNS", "10", "FCGI_MPXS_CONNS", "0"), 6)
            .stderr(ID, "disk almost full", 1)
            .stdout(ID, "tail", 4)
            .unknownType(42)
            .stdout(ID, "", 7)
            .stderr(ID, "", 0)
            .endRequest(ID, 0xFFFFFFFFL, 0, 5)
            .build();

    private static final List<String> RESPONSE_EVENTS = List.of(
            "STDOUT Content-Type: text/plain\r\n\r\n",
            "STDERR warning: ",
            "STDOUT " + "x".repeat(300),
            "VALUES {FCGI_MAX_CONNS=10, FCGI_MPXS_CONNS=0}",
            "STDERR disk almost full",
            "STDOUT tail",
            "UNKNOWN_TYPE 42",
            "END 4294967295 REQUEST_COMPLETE");

    private final RecordingListener listener = new RecordingListener();
    private final ResponseDecoder decoder = new ResponseDecoder(ID, listener);

    @Test
    void decodesAWholeResponse() throws Exception {
        ByteBuffer input = ByteBuffer.wrap(RESPONSE);
        decoder.decode(input);

        assertThat(input.hasRemaining()).isFalse();
        assertThat(listener.events).containsExactlyElementsOf(RESPONSE_EVENTS);
        assertThat(decoder.isComplete()).isTrue();
    }

    @Test
    void splitAtEveryByteBoundaryGivesTheSameEvents() throws Exception {
        for (int split = 0; split <= RESPONSE.length; split++) {
            RecordingListener recording = new RecordingListener();
            ResponseDecoder fresh = new ResponseDecoder(ID, recording);

            fresh.decode(ByteBuffer.wrap(RESPONSE, 0, split));
            assertThat(fresh.isComplete()).as("complete after %d bytes", split).isEqualTo(split == RESPONSE.length);
            fresh.decode(ByteBuffer.wrap(RESPONSE, split, RESPONSE.length - split));

            assertThat(recording.events).as("split at %d", split).containsExactlyElementsOf(RESPONSE_EVENTS);
            assertThat(fresh.isComplete()).isTrue();
        }
    }

    @Test
    void byteByByteGivesTheSameEvents() throws Exception {
        for (byte b : RESPONSE) {
            decoder.decode(ByteBuffer.wrap(new byte[] {b}));
        }

        assertThat(listener.events).containsExactlyElementsOf(RESPONSE_EVENTS);
        assertThat(decoder.isComplete()).isTrue();
    }

    @Test
    void directBuffersInPiecesGiveTheSameEvents() throws Exception {
        ByteBuffer direct = ByteBuffer.allocateDirect(RESPONSE.length).put(RESPONSE).flip();
        for (int position = 0; position < RESPONSE.length; position += 13) {
            decoder.decode(direct.duplicate().position(position).limit(Math.min(RESPONSE.length, position + 13)));
        }

        assertThat(listener.events).containsExactlyElementsOf(RESPONSE_EVENTS);
    }

    @Test
    void severalRecordsInOneInput() throws Exception {
        byte[] many = new WorkerRecords().stdout(ID, "a", 0).stdout(ID, "b", 0).stdout(ID, "c", 0)
                .endRequest(ID, 3, 0, 0).build();

        decoder.decode(ByteBuffer.wrap(many));

        assertThat(listener.events).containsExactly("STDOUT abc", "END 3 REQUEST_COMPLETE");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 8, 100, 254, 255})
    void anyPaddingIsSkipped(int padding) throws Exception {
        byte[] response = new WorkerRecords()
                .stdout(ID, "hello", padding)
                .stderr(ID, "oops", padding)
                .getValuesResult(Map.of("FCGI_MAX_REQS", "1"), padding)
                .endRequest(ID, 0, 0, padding)
                .build();
        List<String> expected = List.of("STDOUT hello", "STDERR oops", "VALUES {FCGI_MAX_REQS=1}", "END 0 REQUEST_COMPLETE");

        decoder.decode(ByteBuffer.wrap(response));
        assertThat(listener.events).containsExactlyElementsOf(expected);

        RecordingListener byteByByte = new RecordingListener();
        ResponseDecoder other = new ResponseDecoder(ID, byteByByte);
        for (byte b : response) {
            other.decode(ByteBuffer.wrap(new byte[] {b}));
        }
        assertThat(byteByByte.events).containsExactlyElementsOf(expected);
    }

    @Test
    void everyPaddingLengthFrom0To255() throws Exception {
        for (int padding = 0; padding <= 255; padding++) {
            byte[] response = new WorkerRecords().stdout(ID, "p", padding).endRequest(ID, padding, 0, padding).build();
            RecordingListener recording = new RecordingListener();
            new ResponseDecoder(ID, recording).decode(ByteBuffer.wrap(response));
            assertThat(recording.events).containsExactly("STDOUT p", "END " + padding + " REQUEST_COMPLETE");
        }
    }

    @Test
    void stdoutArrivesAsZeroCopySlicesOfTheInput() throws Exception {
        byte[] response = new WorkerRecords().stdout(ID, "0123456789", 0).build();
        List<ByteBuffer> pieces = new ArrayList<>();
        ResponseDecoder slicing = new ResponseDecoder(ID, new RecordingListener() {
            @Override
            public void onStdout(ByteBuffer content) {
                pieces.add(content);
            }
        });

        slicing.decode(ByteBuffer.wrap(response, 0, 12));
        slicing.decode(ByteBuffer.wrap(response, 12, response.length - 12));

        assertThat(pieces).hasSize(2);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.array()).isSameAs(response));
        assertThat(pieces.get(0).remaining()).isEqualTo(4);
        assertThat(pieces.get(1).remaining()).isEqualTo(6);
    }

    @Test
    void aLargeStdoutRecordIsPassedOnAsItArrives() throws Exception {
        byte[] content = new byte[65535];
        Arrays.fill(content, (byte) 'z');
        byte[] response = new WorkerRecords().stdout(ID, content, 1).build();

        for (int position = 0; position < response.length; position += 1000) {
            decoder.decode(ByteBuffer.wrap(response, position, Math.min(1000, response.length - position)));
        }

        assertThat(listener.stdoutCalls).isEqualTo(66);
        assertThat(listener.events).containsExactly("STDOUT " + "z".repeat(65535));
    }

    @Test
    void theLargestGetValuesResultIsAccepted() throws Exception {
        int nameLength = 65535 - 5; // four-byte name length, one-byte value length
        byte[] content = new byte[65535];
        content[0] = (byte) 0x80;
        content[1] = (byte) (nameLength >>> 16);
        content[2] = (byte) (nameLength >>> 8);
        content[3] = (byte) nameLength;
        content[4] = 0;
        Arrays.fill(content, 5, content.length, (byte) 'N');
        byte[] response = new WorkerRecords().record(RecordType.GET_VALUES_RESULT.code(), 0, content, 0).build();

        decoder.decode(ByteBuffer.wrap(response));

        assertThat(listener.events).containsExactly("VALUES {" + "N".repeat(65530) + "=}");
    }

    @ParameterizedTest
    @EnumSource(ProtocolStatus.class)
    void everyProtocolStatusIsReported(ProtocolStatus status) throws Exception {
        decoder.decode(ByteBuffer.wrap(new WorkerRecords().endRequest(ID, 7, status.code(), 0).build()));

        assertThat(listener.events).containsExactly("END 7 " + status);
    }

    @Test
    void completeOnlyOnceTheEndRequestPaddingIsRead() throws Exception {
        byte[] response = new WorkerRecords().endRequest(ID, 0, 0, 3).build();

        decoder.decode(ByteBuffer.wrap(response, 0, response.length - 1));
        assertThat(decoder.isComplete()).isFalse();
        assertThat(listener.events).isEmpty();

        decoder.decode(ByteBuffer.wrap(response, response.length - 1, 1));
        assertThat(decoder.isComplete()).isTrue();
        assertThat(listener.events).containsExactly("END 0 REQUEST_COMPLETE");
    }

    @Test
    void resetDecodesTheNextRequestOnTheSameConnection() throws Exception {
        decoder.decode(ByteBuffer.wrap(new WorkerRecords().stdout(ID, "first", 0).stdout(ID, "", 0)
                .endRequest(ID, 0, 0, 0).build()));

        decoder.reset(2);
        assertThat(decoder.isComplete()).isFalse();
        decoder.decode(ByteBuffer.wrap(new WorkerRecords().stdout(2, "second", 0).stdout(2, "", 0)
                .endRequest(2, 1, 0, 0).build()));

        assertThat(listener.events).containsExactly(
                "STDOUT first", "END 0 REQUEST_COMPLETE", "STDOUT second", "END 1 REQUEST_COMPLETE");
        assertThat(decoder.isComplete()).isTrue();
    }

    @Test
    void rejectsAnotherVersion() {
        byte[] response = new WorkerRecords().raw(2, RecordType.STDOUT.code(), ID, new byte[1], 0).build();

        assertFails(response, "unsupported FastCGI version 2, expected 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 12, 255})
    void rejectsUnknownRecordTypes(int type) {
        assertFails(new WorkerRecords().record(type, ID, new byte[0], 0).build(), "unknown record type " + type);
    }

    @ParameterizedTest
    @EnumSource(value = RecordType.class, names = {"BEGIN_REQUEST", "ABORT_REQUEST", "PARAMS", "STDIN", "DATA", "GET_VALUES"})
    void rejectsRecordsOnlyAWebServerSends(RecordType type) {
        int id = type.isManagement() ? 0 : ID;

        assertFails(new WorkerRecords().record(type.code(), id, new byte[8], 0).build(),
                "worker sent a " + type + " record, which only a web server sends");
    }

    @ParameterizedTest
    @EnumSource(value = RecordType.class, names = {"STDOUT", "STDERR", "END_REQUEST"})
    void rejectsRecordsForAnotherRequest(RecordType type) {
        assertFails(new WorkerRecords().record(type.code(), 2, new byte[8], 0).build(),
                type + " record for request 2, expected request 1");
        assertFails(new WorkerRecords().record(type.code(), 0, new byte[8], 0).build(),
                type + " record for request 0, expected request 1");
    }

    @ParameterizedTest
    @EnumSource(value = RecordType.class, names = {"GET_VALUES_RESULT", "UNKNOWN_TYPE"})
    void rejectsManagementRecordsWithARequestId(RecordType type) {
        assertFails(new WorkerRecords().record(type.code(), ID, new byte[8], 0).build(),
                type + " record with request id 1; management records use request id 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 9, 16})
    void rejectsEndRequestOfAnotherLength(int length) {
        assertFails(new WorkerRecords().record(RecordType.END_REQUEST.code(), ID, new byte[length], 0).build(),
                "END_REQUEST content length " + length + ", expected 8");
    }

    @Test
    void rejectsUnknownTypeOfAnotherLength() {
        assertFails(new WorkerRecords().record(RecordType.UNKNOWN_TYPE.code(), 0, new byte[4], 0).build(),
                "UNKNOWN_TYPE content length 4, expected 8");
    }

    @Test
    void rejectsStdoutAfterItsEnd() {
        assertFails(new WorkerRecords().stdout(ID, "a", 0).stdout(ID, "", 0).stdout(ID, "b", 0).build(),
                "STDOUT record after the end of the STDOUT stream");
        assertFails(new WorkerRecords().stdout(ID, "", 0).stdout(ID, "", 0).build(),
                "STDOUT record after the end of the STDOUT stream");
    }

    @Test
    void rejectsStderrAfterItsEnd() {
        assertFails(new WorkerRecords().stderr(ID, "", 0).stdout(ID, "fine", 0).stderr(ID, "late", 0).build(),
                "STDERR record after the end of the STDERR stream");
    }

    @Test
    void rejectsDataAfterEndRequestInTheSameInput() {
        byte[] response = new WorkerRecords().endRequest(ID, 0, 0, 0).bytes((byte) 1).build();

        RecordingListener events = assertFails(response, "data after END_REQUEST");

        assertThat(events.events).containsExactly("END 0 REQUEST_COMPLETE");
    }

    @Test
    void rejectsDataAfterEndRequestInALaterInput() throws Exception {
        decoder.decode(ByteBuffer.wrap(new WorkerRecords().endRequest(ID, 0, 0, 0).build()));
        decoder.decode(ByteBuffer.allocate(0)); // nothing is fine

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new WorkerRecords().stdout(ID, "x", 0).build())))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("data after END_REQUEST");
    }

    @Test
    void rejectsAnUnknownProtocolStatus() {
        assertFails(new WorkerRecords().endRequest(ID, 0, 4, 0).build(), "unknown protocol status 4");
    }

    @Test
    void rejectsGetValuesResultWhosePairRunsPastItsContent() {
        byte[] content = {3, 1, 'a', 'b', 'c'}; // value byte missing
        assertFails(new WorkerRecords().record(RecordType.GET_VALUES_RESULT.code(), 0, content, 0).build(),
                "runs past the content");
    }

    @Test
    void aFailedDecoderRefusesMoreInputUntilReset() throws Exception {
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new WorkerRecords().raw(9, 6, ID, new byte[0], 0).build())))
                .hasMessageContaining("unsupported FastCGI version 9");

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new WorkerRecords().stdout(ID, "x", 0).build())))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("failed earlier");

        decoder.reset(ID);
        decoder.decode(ByteBuffer.wrap(new WorkerRecords().stdout(ID, "x", 0).build()));
        assertThat(listener.events).containsExactly("STDOUT x");
    }

    @Test
    void aListenerExceptionIsPassedOnAndFailsTheDecoder() {
        ResponseDecoder refusing = new ResponseDecoder(ID, new RecordingListener() {
            @Override
            public void onStdout(ByteBuffer content) {
                throw new IllegalStateException("listener refused");
            }
        });
        ByteBuffer input = ByteBuffer.wrap(new WorkerRecords().stdout(ID, "x", 0).build());

        assertThatThrownBy(() -> refusing.decode(input)).hasMessage("listener refused");
        assertThatThrownBy(() -> refusing.decode(ByteBuffer.wrap(new byte[1]))).hasMessageContaining("failed earlier");
    }

    @Test
    void aListenerMayThrowProtocolException() {
        ResponseDecoder strict = new ResponseDecoder(ID, new RecordingListener() {
            @Override
            public void onStdout(ByteBuffer content) throws ProtocolException {
                throw new ProtocolException("not a CGI response");
            }
        });

        assertThatThrownBy(() -> strict.decode(ByteBuffer.wrap(new WorkerRecords().stdout(ID, "x", 0).build())))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("not a CGI response");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65536})
    void requestIdMustBeOneTo65535(int requestId) {
        assertThatThrownBy(() -> new ResponseDecoder(requestId, listener)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Checks the failure for input decoded whole and byte by byte; returns the events of the whole run. */
    private static RecordingListener assertFails(byte[] response, String message) {
        RecordingListener whole = new RecordingListener();
        assertThatThrownBy(() -> new ResponseDecoder(ID, whole).decode(ByteBuffer.wrap(response)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message);

        ResponseDecoder trickled = new ResponseDecoder(ID, new RecordingListener());
        assertThatThrownBy(() -> {
            for (byte b : response) {
                trickled.decode(ByteBuffer.wrap(new byte[] {b}));
            }
        }).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        return whole;
    }

    private static Map<String, String> orderedMap(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
