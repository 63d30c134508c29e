package org.procgate.connector.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.ResponseSink;

/**
 * The one parser of the CGI response format (RFC 3875 section 6), fed incrementally with a
 * CGI program's stdout or a FastCGI worker's STDOUT stream, in pieces of any size.
 *
 * <p>Strict on purpose: whatever it accepts is forwarded to an HTTP client, so a header the
 * container might emit differently (folded lines, bare CR, control characters, names that are
 * not tokens) is an error, not something to repair. Header bytes are read as ISO-8859-1 so that
 * bytes above 0x7F pass through to the HTTP response unchanged.
 *
 * <p>Streaming: once the blank line after the headers arrives, the status and headers go to the
 * {@link ResponseSink}, and every body byte after them is passed on as it is fed, never held. A
 * body longer than the program's Content-Length is cut there; a shorter one fails at {@link #end}.
 * A sink that throws (the client left) surfaces as {@link ClientGoneException}, distinct from the
 * program's own faults.
 *
 * <p>Local redirects (RFC 3875 section 6.2.2): a {@code Location} that is an absolute path, with
 * no {@code Status} and no body announced, is held back when the header block ends. The first
 * body byte makes it a client redirect (302, passed on with that byte: nothing is buffered); the
 * end of the output without one makes it {@link ResponseSink#localRedirect}.
 *
 * <p>One parser per response; not thread-safe.
 */
public final class CgiResponseParser {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte SP = ' ';
    private static final byte HT = '\t';
    private static final byte COLON = ':';
    private static final byte DEL = 0x7f;

    /** Header bytes from a buffer without an accessible array are copied out in pieces this big. */
    private static final int HEADER_COPY_CHUNK = 4096;
    private static final int EXCERPT_LENGTH = 40;
    private static final boolean[] TOKEN_CHARACTERS = tokenCharacters();

    private final int maxHeaderBytes;
    /** 0: no limit. */
    private final long maxBodyBytes;
    private final ResponseSink sink;
    /** Set when this parser collects the whole response itself (see {@link #finish}). */
    private final BodyCollector collector;

    /** The start of a header line whose end has not arrived yet; bounded by maxHeaderBytes. */
    private final GrowableByteArray partialLine = new GrowableByteArray(128);
    private final List<Header> headers = new ArrayList<>();
    private int headerBytes;
    private boolean headersComplete;
    private int explicitStatus;
    private boolean hasLocation;
    /** The Location of a local redirect, held until a body byte or the end decides; else null. */
    private String pendingLocalRedirect;
    private long contentLength = -1;
    private long bodyBytes;
    /** Body bytes passed to the sink since its last flush. */
    private boolean unflushed;
    private byte[] headerCopyChunk;
    private boolean ended;
    private boolean failed;

    /**
     * A parser that collects the whole response, for {@link #finish}.
     *
     * @param maxHeaderBytes cap on the header block: every header line with its line end, not
     *                       counting the blank line
     * @param maxBodyBytes   cap on the body; values above {@link GrowableByteArray#MAX_CAPACITY}
     *                       (and 0) are lowered to it, the largest array a JVM gives
     */
    public CgiResponseParser(int maxHeaderBytes, long maxBodyBytes) {
        this(maxHeaderBytes, maxBodyBytes, new BodyCollector());
    }

    /**
     * A parser that passes the response on to {@code sink} as it is fed.
     *
     * @param maxBodyBytes cap on the body (0: no limit); past it the response fails
     */
    public CgiResponseParser(int maxHeaderBytes, long maxBodyBytes, ResponseSink sink) {
        this(maxHeaderBytes, maxBodyBytes, sink instanceof BodyCollector c ? c : null, sink);
    }

    private CgiResponseParser(int maxHeaderBytes, long maxBodyBytes, BodyCollector collector) {
        this(maxHeaderBytes, maxBodyBytes, collector, collector);
    }

    /** The smaller of two caps, 0 meaning none. */
    private static long smallerCap(long a, long b) {
        return a <= 0 ? b : b <= 0 ? a : Math.min(a, b);
    }

    private CgiResponseParser(int maxHeaderBytes, long maxBodyBytes, BodyCollector collector, ResponseSink sink) {
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive: " + maxHeaderBytes);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative: " + maxBodyBytes);
        }
        this.maxHeaderBytes = maxHeaderBytes;
        // a collector keeps the body in memory: its cap applies too
        this.maxBodyBytes = collector == null ? maxBodyBytes : smallerCap(maxBodyBytes, collector.cap());
        this.collector = collector;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Consumes all remaining bytes of {@code data}. */
    public void feed(ByteBuffer data) throws ProtocolException, ClientGoneException {
        checkUsable();
        boolean ok = false;
        try {
            if (data.hasArray()) {
                consume(data.array(), data.arrayOffset() + data.position(), data.remaining());
                data.position(data.limit());
            } else {
                consumeWithoutArray(data);
            }
            ok = true;
        } finally {
            failed = !ok;
        }
    }

    public void feed(byte[] bytes, int offset, int length) throws ProtocolException, ClientGoneException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkUsable();
        boolean ok = false;
        try {
            consume(bytes, offset, length);
            ok = true;
        } finally {
            failed = !ok;
        }
    }

    /** Whether the blank line after the headers has been seen. */
    public boolean headersComplete() {
        return headersComplete;
    }

    /** The cap on the header block. */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Whether body bytes went to the sink since it was last flushed. */
    public boolean hasUnflushedBody() {
        return unflushed;
    }

    /** Flushes the sink if body bytes went to it since the last flush: the program paused. */
    public void flush() throws ClientGoneException {
        if (unflushed) {
            unflushed = false;
            try {
                sink.flush();
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }
    }

    /**
     * Ends the response at the end of the program's output.
     *
     * @throws ProtocolException if the header block never ended or the body is shorter than
     *                           the program's Content-Length
     */
    public void end() throws ProtocolException, ClientGoneException {
        if (ended) {
            return;
        }
        if (failed) {
            throw new IllegalStateException("the response already failed to parse");
        }
        if (!headersComplete) {
            failed = true;
            throw new ProtocolException("no blank line after the headers");
        }
        if (contentLength >= 0 && bodyBytes < contentLength) {
            failed = true;
            throw new ProtocolException("response shorter than its Content-Length: "
                    + bodyBytes + " of " + contentLength + " bytes");
        }
        ended = true;
        if (pendingLocalRedirect != null) {
            try {
                sink.localRedirect(pendingLocalRedirect);
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }
    }

    /**
     * Ends the response and returns it whole; only for a parser that collects (the two-argument
     * constructor).
     */
    public ProgramResponse finish() throws ProtocolException {
        if (collector == null) {
            throw new IllegalStateException("this parser streams to its sink; call end()");
        }
        try {
            end();
        } catch (ClientGoneException e) {
            throw new IllegalStateException("a collector takes every answer", e);
        }
        return collector.response();
    }

    private void checkUsable() {
        if (ended) {
            throw new IllegalStateException("feed after finish");
        }
        if (failed) {
            throw new IllegalStateException("the response already failed to parse");
        }
    }

    private void consume(byte[] bytes, int offset, int length) throws ProtocolException, ClientGoneException {
        int position = offset;
        int end = offset + length;
        if (!headersComplete) {
            position = consumeHeaders(bytes, position, end);
        }
        if (position < end) {
            passBody(bytes, position, acceptBody(end - position));
        }
    }

    private void consumeWithoutArray(ByteBuffer data) throws ProtocolException, ClientGoneException {
        // Lines are scanned in arrays, and the sink takes arrays: bytes are copied out in chunks
        while (data.hasRemaining()) {
            if (headerCopyChunk == null) {
                headerCopyChunk = new byte[HEADER_COPY_CHUNK];
            }
            int n = Math.min(data.remaining(), headerCopyChunk.length);
            data.get(headerCopyChunk, 0, n);
            consume(headerCopyChunk, 0, n);
        }
    }

    private void passBody(byte[] bytes, int offset, int length) throws ClientGoneException {
        if (length == 0) {
            return;
        }
        bodyBytes += length;
        unflushed = true;
        try {
            if (pendingLocalRedirect != null) {
                pendingLocalRedirect = null; // a body: the program meant the client to follow it
                sink.head(302, List.copyOf(headers));
            }
            sink.write(bytes, offset, length);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Returns the index after the last header byte consumed. */
    private int consumeHeaders(byte[] bytes, int start, int end) throws ProtocolException, ClientGoneException {
        int lineStart = start;
        while (!headersComplete) {
            int lineFeed = indexOf(LF, bytes, lineStart, end);
            if (lineFeed < 0) {
                holdPartialLine(bytes, lineStart, end);
                return end;
            }
            if (partialLine.size() > 0) {
                holdPartialLine(bytes, lineStart, lineFeed);
                line(partialLine.array(), 0, partialLine.size());
                partialLine.clear();
            } else {
                line(bytes, lineStart, lineFeed);
            }
            lineStart = lineFeed + 1;
        }
        return lineStart;
    }

    private static int indexOf(byte wanted, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private void holdPartialLine(byte[] bytes, int from, int to) throws ProtocolException {
        int held = partialLine.size() + (to - from);
        if ((long) headerBytes + held > maxHeaderBytes && !isLoneCarriageReturn(bytes, from, held)) {
            // Checked before buffering, so a program that never sends a line feed costs at
            // most maxHeaderBytes of memory.
            throw headerBlockTooLarge();
        }
        partialLine.put(bytes, from, to - from);
    }

    /** A held "\r" may be the start of the blank line, which the header cap does not count. */
    private boolean isLoneCarriageReturn(byte[] bytes, int from, int held) {
        if (held != 1) {
            return false;
        }
        byte only = partialLine.size() == 1 ? partialLine.array()[0] : bytes[from];
        return only == CR;
    }

    /** One line, {@code end} being the index of its line feed. */
    private void line(byte[] bytes, int start, int end) throws ProtocolException, ClientGoneException {
        int lengthWithLineEnd = end - start + 1;
        int contentEnd = end > start && bytes[end - 1] == CR ? end - 1 : end;
        if (contentEnd == start) {
            blankLine();
            return;
        }
        if ((long) headerBytes + lengthWithLineEnd > maxHeaderBytes) {
            throw headerBlockTooLarge();
        }
        headerBytes += lengthWithLineEnd;
        headerLine(bytes, start, contentEnd);
    }

    private void headerLine(byte[] bytes, int start, int end) throws ProtocolException {
        if (bytes[start] == SP || bytes[start] == HT) {
            throw new ProtocolException("continuation line (obsolete line folding) in the headers: "
                    + excerpt(bytes, start, end));
        }
        int colon = indexOf(COLON, bytes, start, end);
        if (colon < 0) {
            throw new ProtocolException("header line without a colon: " + excerpt(bytes, start, end));
        }
        if (colon == start) {
            throw new ProtocolException("empty header name in line " + excerpt(bytes, start, end));
        }
        for (int i = start; i < colon; i++) {
            if (!isTokenCharacter(bytes[i])) {
                throw new ProtocolException("invalid character " + describe(bytes[i])
                        + " in the header name of line " + excerpt(bytes, start, end));
            }
        }
        String name = new String(bytes, start, colon - start, StandardCharsets.US_ASCII);

        int valueStart = colon + 1;
        int valueEnd = end;
        while (valueStart < valueEnd && isSpaceOrTab(bytes[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && isSpaceOrTab(bytes[valueEnd - 1])) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            byte b = bytes[i];
            if ((b >= 0 && b < SP && b != HT) || b == DEL) {
                throw new ProtocolException("control character " + describe(b) + " in the value of header " + name);
            }
        }
        accept(name, new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
    }

    private void accept(String name, String value) throws ProtocolException {
        if (name.equalsIgnoreCase("Status")) {
            if (explicitStatus != 0) {
                throw new ProtocolException("more than one Status header");
            }
            explicitStatus = parseStatus(value);
            return; // the status travels as the response's status, not as a header
        }
        if (name.equalsIgnoreCase("Location")) {
            hasLocation = true;
        } else if (name.equalsIgnoreCase("Content-Length")) {
            long length = parseContentLength(value);
            if (contentLength >= 0 && contentLength != length) {
                throw new ProtocolException("conflicting Content-Length headers: " + contentLength + " and " + length);
            }
            contentLength = length;
        }
        headers.add(new Header(name, value));
    }

    /** {@code 404} or {@code 404 Not Found}. */
    private static int parseStatus(String value) throws ProtocolException {
        boolean wellFormed = value.length() >= 3
                && isDigit(value.charAt(0)) && isDigit(value.charAt(1)) && isDigit(value.charAt(2))
                && (value.length() == 3 || value.charAt(3) == ' ' || value.charAt(3) == '\t');
        if (!wellFormed) {
            throw new ProtocolException("invalid Status header \"" + value
                    + "\": expected a 3-digit code, optionally followed by a reason phrase");
        }
        int code = (value.charAt(0) - '0') * 100 + (value.charAt(1) - '0') * 10 + (value.charAt(2) - '0');
        if (code < 100 || code > 599) {
            throw new ProtocolException("Status code " + code + " outside 100-599");
        }
        return code;
    }

    private static long parseContentLength(String value) throws ProtocolException {
        // 18 digits always fit in a long; no body comes near that
        if (value.isEmpty() || value.length() > 18) {
            throw invalidContentLength(value);
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isDigit(c)) {
                throw invalidContentLength(value);
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    private static ProtocolException invalidContentLength(String value) {
        return new ProtocolException("invalid Content-Length \"" + value + "\"");
    }

    private void blankLine() throws ProtocolException, ClientGoneException {
        if (headerBytes == 0) {
            throw new ProtocolException("no headers before the blank line: a CGI response needs at least one header");
        }
        headersComplete = true;
        if (maxBodyBytes > 0 && contentLength > maxBodyBytes) {
            throw bodyTooLarge();
        }
        if (collector != null) {
            collector.expect(contentLength);
        }
        if (explicitStatus == 0 && contentLength <= 0) {
            pendingLocalRedirect = localPath(headers);
            if (pendingLocalRedirect != null) {
                return;
            }
        }
        int status = explicitStatus != 0 ? explicitStatus : hasLocation ? 302 : 200;
        try {
            sink.head(status, List.copyOf(headers));
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /**
     * The Location if it is a local path: one {@code Location} whose value starts with a single
     * {@code /} ({@code //host/x} is a URL without its scheme); else {@code null}.
     */
    static String localPath(List<Header> headers) {
        String location = null;
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase("Location")) {
                if (location != null) {
                    return null;
                }
                location = header.value();
            }
        }
        boolean local = location != null && location.startsWith("/") && !location.startsWith("//")
                && location.indexOf('\\') < 0;
        return local ? location : null;
    }

    /** How many of {@code offered} body bytes to pass on. */
    private int acceptBody(int offered) throws ProtocolException {
        if (contentLength >= 0) {
            // the program said how long its body is; anything after that is not part of it
            return (int) Math.min(offered, contentLength - bodyBytes);
        }
        if (maxBodyBytes > 0 && bodyBytes + offered > maxBodyBytes) {
            throw bodyTooLarge();
        }
        return offered;
    }

    private ProtocolException headerBlockTooLarge() {
        return new ProtocolException("header block over the cap of " + maxHeaderBytes + " bytes");
    }

    private ProtocolException bodyTooLarge() {
        return new ProtocolException("response body over the cap of " + maxBodyBytes + " bytes");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpaceOrTab(byte b) {
        return b == SP || b == HT;
    }

    private static boolean isTokenCharacter(byte b) {
        return b >= 0 && TOKEN_CHARACTERS[b];
    }

    /** RFC 7230 tchar. */
    private static boolean[] tokenCharacters() {
        boolean[] token = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            token[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            token[c] = true;
            token[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            token[c] = true;
        }
        return token;
    }

    private static String describe(byte b) {
        return String.format("0x%02x", b & 0xff);
    }

    /** The start of a line for an error message, with control bytes made visible. */
    private static String excerpt(byte[] bytes, int start, int end) {
        StringBuilder text = new StringBuilder("\"");
        int stop = Math.min(end, start + EXCERPT_LENGTH);
        for (int i = start; i < stop; i++) {
            int c = bytes[i] & 0xff;
            if (c < 0x20 || c == 0x7f) {
                text.append(String.format("\\x%02x", c));
            } else {
                text.append((char) c);
            }
        }
        return text.append(stop < end ? "...\"" : "\"").toString();
    }
}
