package org.procgate.connector.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.procgate.connector.fastcgi.WorkerSideReader.pairs;
import static org.procgate.connector.fastcgi.WorkerSideReader.records;
import static org.procgate.connector.fastcgi.WorkerSideReader.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.fastcgi.WorkerSideReader.Record;

class RequestEncoderTest {

    private final RequestEncoder encoder = new RequestEncoder();

    @Test
    void beginRequestHasTheSpecifiedLayout() {
        encoder.beginRequest(0x0102, Role.RESPONDER, true);

        assertThat(bytes(encoder.output())).containsExactly(
                1, 1, 1, 2, 0, 8, 0, 0,
                0, 1, 1, 0, 0, 0, 0, 0);
    }

    @Test
    void beginRequestWithoutKeepConnAndAnotherRole() {
        encoder.beginRequest(7, Role.FILTER, false);

        assertThat(bytes(encoder.output())).containsExactly(
                1, 1, 0, 7, 0, 8, 0, 0,
                0, 3, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void paramsRoundTripWithEveryLengthForm() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("REQUEST_METHOD", "GET");
        params.put("EMPTY", "");
        params.put("n".repeat(127), "v".repeat(127));
        params.put("N".repeat(128), "V".repeat(128));
        params.put("UTF8_VALUE", "héllo wörld ✓ \uD83D\uDE00");
        params.put("ÜNICODE_NAME_✓", "x");
        params.put("HUGE", "h".repeat(70000));
        params.put("AFTER_HUGE", "still here");

        List<Record> records = records(encoder.params(5, params).output());

        assertThat(pairs(stream(records, RecordType.PARAMS, 5))).containsExactlyEntriesOf(params);
        assertThat(records).hasSizeGreaterThanOrEqualTo(3); // the 70000-byte value forces a split
        assertThat(records.get(0).content()).hasSize(65535);
        assertThat(records.get(records.size() - 1).content()).isEmpty();
    }

    @Test
    void lengthsUpTo127TakeOneByteAndLongerFourWithTheHighBitSet() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("a".repeat(127), "b".repeat(128));

        byte[] content = records(encoder.params(1, params).output()).get(0).content();

        assertThat(content[0]).isEqualTo((byte) 127);
        assertThat(new byte[] {content[1], content[2], content[3], content[4]})
                .containsExactly(0x80, 0, 0, 128);
        assertThat(content).hasSize(1 + 4 + 127 + 128);
    }

    @Test
    void noParamsIsJustTheEmptyRecord() {
        assertThat(bytes(encoder.params(3, Map.of()).output())).containsExactly(1, 4, 0, 3, 0, 0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 65535, 65536, 200000})
    void stdinIsSplitIntoRecordsOfAtMost65535Bytes(int length) {
        byte[] body = randomBytes(length);

        List<Record> records = records(encoder.stdin(9, body, 0, body.length).endStdin(9).output());

        assertThat(stream(records, RecordType.STDIN, 9)).isEqualTo(body);
        assertThat(records).hasSize((length + 65534) / 65535 + 1);
    }

    @Test
    void emptyStdinWritesNothingSoTheStreamIsNotEnded() {
        encoder.stdin(1, new byte[10], 3, 0);

        assertThat(encoder.size()).isZero();
    }

    @Test
    void stdinTakesTheGivenSlice() {
        byte[] data = "..body..".getBytes();

        Record record = records(encoder.stdin(1, data, 2, 4).output()).get(0);

        assertThat(record.content()).isEqualTo("body".getBytes());
        assertThat(record.padding()).isEqualTo(4);
    }

    @Test
    void stdinInChunksCarriesTheSameBody() {
        byte[] body = randomBytes(150000);
        for (int offset = 0; offset < body.length; offset += 40000) {
            encoder.stdin(2, body, offset, Math.min(40000, body.length - offset));
        }
        encoder.endStdin(2);

        assertThat(stream(records(encoder.output()), RecordType.STDIN, 2)).isEqualTo(body);
    }

    @Test
    void aWholeRequestInOneBuffer() {
        byte[] body = randomBytes(1000);
        encoder.beginRequest(4, Role.RESPONDER, true)
                .params(4, Map.of("CONTENT_LENGTH", "1000"))
                .stdin(4, body, 0, body.length)
                .endStdin(4);

        List<Record> records = records(encoder.output());

        assertThat(records).extracting(Record::type).containsExactly(1, 4, 4, 5, 5);
        assertThat(records).extracting(Record::requestId).containsOnly(4);
        assertThat(pairs(stream(records, RecordType.PARAMS, 4))).containsExactly(Map.entry("CONTENT_LENGTH", "1000"));
        assertThat(stream(records, RecordType.STDIN, 4)).isEqualTo(body);
    }

    @Test
    void abortRequestIsAnEmptyRecord() {
        assertThat(bytes(encoder.abortRequest(0x1234).output())).containsExactly(1, 2, 0x12, 0x34, 0, 0, 0, 0);
    }

    @Test
    void getValuesIsAManagementRecordOfNamesWithEmptyValues() {
        encoder.getValues(List.of(FastCgi.FCGI_MAX_CONNS, FastCgi.FCGI_MAX_REQS, FastCgi.FCGI_MPXS_CONNS));

        List<Record> records = records(encoder.output());

        assertThat(records).hasSize(1);
        assertThat(records.get(0).type()).isEqualTo(RecordType.GET_VALUES.code());
        assertThat(records.get(0).requestId()).isZero();
        assertThat(pairs(records.get(0).content())).containsExactly(
                Map.entry("FCGI_MAX_CONNS", ""), Map.entry("FCGI_MAX_REQS", ""), Map.entry("FCGI_MPXS_CONNS", ""));
    }

    @Test
    void getValuesMustFitOneRecord() {
        assertThatThrownBy(() -> encoder.getValues(List.of("x".repeat(70000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the 65535 of one record");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void requestIdsOutsideTheSixteenBitRangeOrZeroAreRejected(int requestId) {
        assertThatThrownBy(() -> encoder.beginRequest(requestId, Role.RESPONDER, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.stdin(requestId, new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetStartsOverAndGivesTheSameBytes() {
        byte[] body = randomBytes(3000);
        encoder.beginRequest(1, Role.RESPONDER, true).params(1, Map.of("A", "B")).stdin(1, body, 0, body.length);
        byte[] first = bytes(encoder.output());

        encoder.reset();
        assertThat(encoder.size()).isZero();
        encoder.beginRequest(1, Role.RESPONDER, true).params(1, Map.of("A", "B")).stdin(1, body, 0, body.length);

        assertThat(bytes(encoder.output())).isEqualTo(first);
        assertThat(encoder.size()).isEqualTo(first.length);
    }

    @Test
    void outputIsReadOnly() {
        ByteBuffer output = encoder.endStdin(1).output();

        assertThat(output.isReadOnly()).isTrue();
        assertThat(output.position()).isZero();
        assertThatThrownBy(() -> output.put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void writeToWritesTheSameBytesAsOutput() throws Exception {
        encoder.beginRequest(1, Role.RESPONDER, false).params(1, Map.of("X", "y")).endStdin(1);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        encoder.writeTo(stream);

        assertThat(stream.toByteArray()).isEqualTo(bytes(encoder.output()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
