package org.procgate.connector.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.protocol.GrowableByteArray;
import org.procgate.connector.protocol.ProtocolException;

class NameValuePairsTest {

    @Test
    void encodeThenDecodeKeepsPairsAndOrder() throws Exception {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("Z_FIRST", "1");
        pairs.put("A_SECOND", "");
        pairs.put("l".repeat(127), "m".repeat(128));
        pairs.put("ÜTF-8 ✓", "\uD83D\uDE00 émoji");
        pairs.put("BIG", "b".repeat(100_000));
        GrowableByteArray out = new GrowableByteArray(0);
        pairs.forEach((name, value) -> NameValuePairs.encode(name, value, out));

        ByteBuffer content = ByteBuffer.wrap(out.toByteArray());
        assertThat(NameValuePairs.decode(content)).containsExactlyEntriesOf(pairs);
        assertThat(content.hasRemaining()).isFalse();
    }

    @Test
    void decodesFromADirectBuffer() throws Exception {
        GrowableByteArray out = new GrowableByteArray(16);
        NameValuePairs.encode("FCGI_MAX_REQS", "50", out);
        ByteBuffer direct = ByteBuffer.allocateDirect(out.size()).put(out.array(), 0, out.size()).flip();

        assertThat(NameValuePairs.decode(direct)).containsExactly(Map.entry("FCGI_MAX_REQS", "50"));
    }

    @Test
    void lengthFormsAtTheBoundary() {
        GrowableByteArray out = new GrowableByteArray(0);
        NameValuePairs.encode("n".repeat(127), "v".repeat(128), out);

        byte[] bytes = out.toByteArray();
        assertThat(bytes[0]).isEqualTo((byte) 0x7f);
        assertThat(new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]}).containsExactly(0x80, 0, 0, 0x80);
    }

    @Test
    void lengthsCountUtf8Bytes() {
        GrowableByteArray out = new GrowableByteArray(0);
        NameValuePairs.encode("é", "✓", out);

        assertThat(out.toByteArray()).containsExactly(2, 3, 0xc3, 0xa9, 0xe2, 0x9c, 0x93);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii", "é", "✓", "\uD83D\uDE00", "lone high \uD83D end", "lone low \uDE00 end",
            "high at end \uD83D", "\uDE00\uD83D reversed", "mixed é✓\uD83D\uDE00 and more"})
    void utf8MatchesTheJdk(String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        byte[] actual = new byte[(int) Utf8.encodedLength(s)];

        assertThat(Utf8.encode(s, actual, 0)).isEqualTo(expected.length);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void rejectsALengthThatRunsPastTheContent() {
        byte[] content = {1, 5, 'a', 'v', 'a', 'l'};

        assertThatThrownBy(() -> NameValuePairs.decode(ByteBuffer.wrap(content)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("name-value pair of 1 + 5 bytes runs past the content (4 bytes left)");
    }

    @Test
    void rejectsAHugeFourByteLengthWithoutAllocatingIt() {
        byte[] content = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 'x'};

        assertThatThrownBy(() -> NameValuePairs.decode(ByteBuffer.wrap(content)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("runs past the content");
    }

    @Test
    void rejectsATruncatedFourByteLength() {
        assertThatThrownBy(() -> NameValuePairs.decode(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0})))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("four-byte name-value pair length runs past the content");
    }

    @Test
    void rejectsAMissingValueLength() {
        assertThatThrownBy(() -> NameValuePairs.decode(ByteBuffer.wrap(new byte[] {1})))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("name-value pair length runs past the content");
    }

    @Test
    void rejectsANameSentTwice() {
        byte[] content = {1, 1, 'a', '1', 1, 1, 'a', '2'};

        assertThatThrownBy(() -> NameValuePairs.decode(ByteBuffer.wrap(content)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("name \"a\" sent twice");
    }

    @Test
    void emptyContentIsNoPairs() throws Exception {
        assertThat(NameValuePairs.decode(ByteBuffer.allocate(0))).isEmpty();
    }
}
