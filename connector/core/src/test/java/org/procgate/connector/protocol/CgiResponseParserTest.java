package org.procgate.connector.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramResponse;

class CgiResponseParserTest {

    private static final int HEADER_CAP = 1024;
    private static final long BODY_CAP = 1 << 20;

    @Test
    void headersEndingInLf() throws Exception {
        ProgramResponse response = parse("Content-Type: text/plain\nX-One: 1\n\nhello");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsExactly(
                new Header("Content-Type", "text/plain"), new Header("X-One", "1"));
        assertThat(response.bodyText()).isEqualTo("hello");
    }

    @Test
    void headersEndingInCrLf() throws Exception {
        ProgramResponse response = parse("Content-Type: text/html\r\nX-Two: 2\r\n\r\n<p>hi</p>\r\n");

        assertThat(response.headers()).containsExactly(
                new Header("Content-Type", "text/html"), new Header("X-Two", "2"));
        assertThat(response.bodyText()).isEqualTo("<p>hi</p>\r\n");
    }

    @Test
    void mixedLineEnds() throws Exception {
        ProgramResponse response = parse("A: 1\r\nB: 2\n\r\nbody");

        assertThat(response.headers()).containsExactly(new Header("A", "1"), new Header("B", "2"));
        assertThat(response.bodyText()).isEqualTo("body");
    }

    @Test
    void valuesAreTrimmedOfSpacesAndTabsButKeepInnerOnes() throws Exception {
        ProgramResponse response = parse("X-Pad: \t a \t b \t\r\nX-Empty:\r\nX-Blank:   \r\n\r\n");

        assertThat(response.headers()).containsExactly(
                new Header("X-Pad", "a \t b"), new Header("X-Empty", ""), new Header("X-Blank", ""));
    }

    @Test
    void orderAndDuplicatesAreKept() throws Exception {
        ProgramResponse response = parse("Set-Cookie: a=1\nContent-Type: text/plain\nSet-Cookie: b=2\n\n");

        assertThat(response.headers()).extracting(Header::value).containsExactly("a=1", "text/plain", "b=2");
    }

    @Test
    void bytesAbove7fPassThroughUnchanged() throws Exception {
        byte[] output = concat("X-Name: caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xc3, (byte) 0xa9},
                "\n\n".getBytes(StandardCharsets.US_ASCII));

        ProgramResponse response = parse(output);

        assertThat(response.header("X-Name").orElseThrow().getBytes(StandardCharsets.ISO_8859_1))
                .containsExactly('c', 'a', 'f', 0xc3, 0xa9);
    }

    @Test
    void statusWithReasonPhrase() throws Exception {
        ProgramResponse response = parse("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nmissing");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers()).containsExactly(new Header("Content-Type", "text/plain"));
    }

    @Test
    void statusCodeAlone() throws Exception {
        ProgramResponse response = parse("status: 201\n\n");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "2000", "20x", "abc", "404Not Found", "-40", " "})
    void statusMustStartWithThreeDigits(String value) {
        assertFails("Status: " + value + "\n\n", "invalid Status header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"099", "000", "600", "999"})
    void statusMustBeFrom100To599(String value) {
        assertFails("Status: " + value + "\n\n", "Status code " + Integer.parseInt(value) + " outside 100-599");
    }

    @Test
    void statusBoundsAreAccepted() throws Exception {
        assertThat(parse("Status: 100\n\n").status()).isEqualTo(100);
        assertThat(parse("Status: 599 Whatever\n\n").status()).isEqualTo(599);
    }

    @Test
    void twoStatusHeadersAreRejected() {
        assertFails("Status: 200\nStatus: 500\n\n", "more than one Status header");
    }

    @Test
    void absoluteLocationIsAClientRedirect() throws Exception {
        ProgramResponse response = parse("Location: https://example.org/elsewhere\n\n");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("location")).contains("https://example.org/elsewhere");
    }

    @Test
    void localLocationIsAlsoAClientRedirect() throws Exception {
        ProgramResponse response = parse("Location: /cgi-bin/other.py?x=1\r\n\r\n");

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers()).containsExactly(new Header("Location", "/cgi-bin/other.py?x=1"));
    }

    @Test
    void explicitStatusWinsOverLocation() throws Exception {
        ProgramResponse response = parse("Location: /moved\nStatus: 301 Moved Permanently\n\n");

        assertThat(response.status()).isEqualTo(301);
        assertThat(response.headers()).containsExactly(new Header("Location", "/moved"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Name: x", "Bad\"Name: x", "Bad(Name): x", "Name : x", "Näme: x", "Bad/Name: x", "N\u0000: x"})
    void headerNamesMustBeTokens(String line) {
        assertFails(line + "\n\n", "in the header name");
    }

    @Test
    void everyTokenCharacterIsAllowedInNames() throws Exception {
        String name = "!#$%&'*+-.^_`|~09azAZ";

        assertThat(parse(name + ": v\n\n").headers()).containsExactly(new Header(name, "v"));
    }

    @Test
    void aColonIsRequired() {
        assertFails("Content-Type text/plain\n\n", "header line without a colon: \"Content-Type text/plain\"");
    }

    @Test
    void anEmptyNameIsRejected() {
        assertFails(": value\n\n", "empty header name");
    }

    @Test
    void aBareCrInAValueIsRejected() {
        assertFails("X-Split: a\rb\r\n\r\n", "control character 0x0d in the value of header X-Split");
    }

    @Test
    void aBareCrAtTheEndOfAValueBeforeCrLfIsRejected() {
        assertFails("X-Split: ab\r\r\n\r\n", "control character 0x0d in the value of header X-Split");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x0b, 0x1b, 0x1f, 0x7f})
    void controlCharactersInValuesAreRejected(int control) {
        assertFails("X-Bad: a" + (char) control + "b\n\n",
                String.format("control character 0x%02x in the value of header X-Bad", control));
    }

    @Test
    void aTabInsideAValueIsAllowed() throws Exception {
        assertThat(parse("X-Tab: a\tb\n\n").header("X-Tab")).contains("a\tb");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t"})
    void continuationLinesAreRejected(String indent) {
        assertFails("X-Long: first\r\n" + indent + "second\r\n\r\n", "continuation line (obsolete line folding)");
    }

    @Test
    void aBlankLineIsRequired() {
        assertFails("Content-Type: text/plain\n", "no blank line after the headers");
        assertFails("Content-Type: text/plain\r\nX-Partial: ab", "no blank line after the headers");
        assertFails("", "no blank line after the headers");
    }

    @Test
    void atLeastOneHeaderIsRequired() {
        assertFails("\r\nbody", "no headers before the blank line");
        assertFails("\nbody", "no headers before the blank line");
    }

    @Test
    void aHeaderBlockExactlyAtTheCapIsAccepted() throws Exception {
        String line = "X: " + "a".repeat(HEADER_CAP - 5) + "\r\n"; // HEADER_CAP bytes

        ProgramResponse response = parse(line + "\r\nbody");

        assertThat(response.bodyText()).isEqualTo("body");
    }

    @Test
    void aHeaderBlockOverTheCapIsRejected() {
        String line = "X: " + "a".repeat(HEADER_CAP - 4) + "\r\n"; // HEADER_CAP + 1 bytes

        assertFails(line + "\r\n", "header block over the cap of " + HEADER_CAP + " bytes");
    }

    @Test
    void aHeaderLineThatNeverEndsIsRejectedOnceOverTheCap() {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        byte[] chunk = "X: aaaaaaaa".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                parser.feed(chunk, 0, chunk.length);
            }
        }).isInstanceOf(ProtocolException.class).hasMessage("header block over the cap of " + HEADER_CAP + " bytes");
    }

    @Test
    void manyLinesOverTheCapAreRejected() {
        assertFails("X: y\n".repeat(HEADER_CAP / 5 + 1) + "\n", "header block over the cap");
    }

    @Test
    void aBodyAtTheCapIsAcceptedAndOneByteMoreIsNot() throws Exception {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, 10);
        feed(parser, "A: b\n\n0123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(parser.finish().bodyText()).isEqualTo("0123456789");

        CgiResponseParser over = new CgiResponseParser(HEADER_CAP, 10);
        assertThatThrownBy(() -> feed(over, "A: b\n\n0123456789X".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("response body over the cap of 10 bytes");
    }

    @Test
    void aDeclaredContentLengthOverTheCapIsRejectedAtOnce() {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, 10);

        assertThatThrownBy(() -> feed(parser, "Content-Length: 11\n\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("response body over the cap of 10 bytes");
    }

    @Test
    void aBodyLongerThanItsContentLengthIsCut() throws Exception {
        ProgramResponse response = parse("Content-Length: 5\r\n\r\nhello, and more");

        assertThat(response.bodyText()).isEqualTo("hello");
        assertThat(response.header("Content-Length")).contains("5");
    }

    @Test
    void bytesPastTheContentLengthDoNotCountAgainstTheCap() throws Exception {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, 10);
        feed(parser, "Content-Length: 3\n\nabc".getBytes(StandardCharsets.US_ASCII));
        feed(parser, new byte[100]);

        assertThat(parser.finish().bodyText()).isEqualTo("abc");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsRejected() {
        assertFails("Content-Length: 10\n\nshort", "response shorter than its Content-Length: 5 of 10 bytes");
    }

    @Test
    void anEmptyBodyWithContentLengthZero() throws Exception {
        assertThat(parse("Content-Length: 0\n\n").body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "+5", "1.5", "0x10", "5 5", "1234567890123456789"})
    void anInvalidContentLengthIsRejected(String value) {
        assertFails("Content-Length: " + value + "\n\n", "invalid Content-Length");
    }

    @Test
    void conflictingContentLengthsAreRejectedButRepeatsAreFine() throws Exception {
        assertFails("Content-Length: 3\nContent-Length: 4\n\nabcd", "conflicting Content-Length headers: 3 and 4");

        ProgramResponse response = parse("Content-Length: 3\ncontent-length: 3\n\nabc");
        assertThat(response.headers()).hasSize(2);
        assertThat(response.bodyText()).isEqualTo("abc");
    }

    @Test
    void binaryBodyIsKeptIntact() throws Exception {
        byte[] body = new byte[300_000];
        new Random(1).nextBytes(body);
        byte[] output = concat("Content-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII), body);

        assertThat(parse(output).body()).isEqualTo(body);
    }

    @Test
    void aBodyOfKnownLengthIsNotCopiedAtTheEnd() throws Exception {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        feed(parser, "Content-Length: 4\n\nab".getBytes(StandardCharsets.US_ASCII));
        feed(parser, "cd".getBytes(StandardCharsets.US_ASCII));

        assertThat(parser.finish().body()).containsExactly('a', 'b', 'c', 'd');
    }

    @Test
    void byteByByteAndEverySplitGiveTheSameResponse() throws Exception {
        byte[] output = concat(
                "Status: 404 Not Found\r\nContent-Type: text/plain\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, (byte) 0xff, '\r', '\n', '\n', 1, 2, 3});
        ProgramResponse whole = parse(output);

        CgiResponseParser byteByByte = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        for (byte b : output) {
            byteByByte.feed(new byte[] {b}, 0, 1);
        }
        assertSame(byteByByte.finish(), whole);

        for (int split = 0; split <= output.length; split++) {
            CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);
            parser.feed(output, 0, split);
            parser.feed(ByteBuffer.wrap(output, split, output.length - split));
            assertSame(parser.finish(), whole);
        }
        assertThat(whole.status()).isEqualTo(404);
        assertThat(whole.body()).containsExactly(0, 0xff, '\r', '\n', '\n', 1, 2, 3);
    }

    @Test
    void aFailureIsTheSameByteByByte() {
        byte[] output = "X-Ok: 1\r\nX-Bad: a\u0001b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);

        assertThatThrownBy(() -> {
            for (byte b : output) {
                parser.feed(new byte[] {b}, 0, 1);
            }
        }).isInstanceOf(ProtocolException.class).hasMessage("control character 0x01 in the value of header X-Bad");
    }

    @Test
    void directAndReadOnlyBuffersGiveTheSameResponse() throws Exception {
        byte[] output = "Content-Type: text/plain\r\nX-A: b\r\n\r\nsome body".getBytes(StandardCharsets.US_ASCII);
        ProgramResponse whole = parse(output);

        CgiResponseParser direct = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        ByteBuffer buffer = ByteBuffer.allocateDirect(output.length).put(output).flip();
        direct.feed(buffer.duplicate().limit(20));
        direct.feed(buffer.duplicate().position(20));
        assertSame(direct.finish(), whole);

        CgiResponseParser readOnly = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        ByteBuffer view = ByteBuffer.wrap(output).asReadOnlyBuffer();
        readOnly.feed(view);
        assertThat(view.hasRemaining()).isFalse();
        assertSame(readOnly.finish(), whole);
    }

    @Test
    void aLargeHeaderBlockFromADirectBuffer() throws Exception {
        String headers = "X-Filler: " + "f".repeat(9000) + "\r\nContent-Type: text/plain\r\n\r\n";
        byte[] output = (headers + "tail").getBytes(StandardCharsets.US_ASCII);
        CgiResponseParser parser = new CgiResponseParser(16 * 1024, BODY_CAP);

        parser.feed(ByteBuffer.allocateDirect(output.length).put(output).flip());

        ProgramResponse response = parser.finish();
        assertThat(response.header("Content-Type")).contains("text/plain");
        assertThat(response.bodyText()).isEqualTo("tail");
    }

    @Test
    void headersCompleteOnceTheBlankLineIsSeen() throws Exception {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        feed(parser, "A: b\r\n\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(parser.headersComplete()).isFalse();

        feed(parser, "\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(parser.headersComplete()).isTrue();
    }

    @Test
    void feedAfterFinishOrFailureIsAMistake() throws Exception {
        CgiResponseParser finished = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        feed(finished, "A: b\n\n".getBytes(StandardCharsets.US_ASCII));
        ProgramResponse response = finished.finish();
        assertThat(finished.finish()).isSameAs(response);
        assertThatThrownBy(() -> feed(finished, new byte[1])).isInstanceOf(IllegalStateException.class);

        CgiResponseParser failed = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        assertThatThrownBy(() -> feed(failed, "bad\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> feed(failed, new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(failed::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTenMegabyteBodyWithoutContentLength() throws Exception {
        byte[] chunk = new byte[65536];
        new Random(2).nextBytes(chunk);
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, 16L << 20);
        feed(parser, "Content-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 160; i++) {
            parser.feed(ByteBuffer.wrap(chunk));
        }

        byte[] body = parser.finish().body();

        assertThat(body).hasSize(160 * 65536);
        for (int i = 0; i < 160; i++) {
            assertThat(ByteBuffer.wrap(body, i * 65536, 65536)).isEqualTo(ByteBuffer.wrap(chunk));
        }
    }

    private static ProgramResponse parse(String output) throws ProtocolException, ClientGoneException {
        return parse(output.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ProgramResponse parse(byte[] output) throws ProtocolException, ClientGoneException {
        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        feed(parser, output);
        return parser.finish();
    }

    private static void feed(CgiResponseParser parser, byte[] bytes) throws ProtocolException, ClientGoneException {
        parser.feed(bytes, 0, bytes.length);
    }

    /** Checks the failure whole, and again byte by byte. */
    private static void assertFails(String output, String message) {
        byte[] bytes = output.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message);

        CgiResponseParser parser = new CgiResponseParser(HEADER_CAP, BODY_CAP);
        assertThatThrownBy(() -> {
            for (byte b : bytes) {
                parser.feed(new byte[] {b}, 0, 1);
            }
            parser.finish();
        }).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
    }

    private static void assertSame(ProgramResponse actual, ProgramResponse expected) {
        assertThat(actual.status()).isEqualTo(expected.status());
        assertThat(actual.headers()).isEqualTo(expected.headers());
        assertThat(actual.body()).isEqualTo(expected.body());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
