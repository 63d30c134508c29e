package org.procgate.connector.cgi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ClientGoneException;
import org.procgate.connector.protocol.ProtocolException;

/**
 * Reads the first line of a non-parsed-header script ({@code HTTP/1.1 404 Not Found}) and hands
 * it to the shared parser as the {@code Status:} header it stands for. The rest of an NPH answer
 * is parsed and validated like any CGI response: nothing a script writes reaches the client
 * unchecked, and a Status header on top of the status line is an error ("more than one Status").
 */
final class NphStatusLine {

    private static final Pattern STATUS_LINE =
            Pattern.compile("HTTP/1\\.[01] ([1-5][0-9][0-9])((?: [^\\x00-\\x1f\\x7f]*)?)\r?");

    private final CgiResponseParser parser;
    private final int maxLineBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    private boolean seen;

    NphStatusLine(CgiResponseParser parser, int maxLineBytes) {
        this.parser = parser;
        this.maxLineBytes = maxLineBytes;
    }

    void feed(byte[] bytes, int offset, int length) throws ProtocolException, ClientGoneException {
        if (seen) {
            parser.feed(bytes, offset, length);
            return;
        }
        int end = offset + length;
        int lineFeed = offset;
        while (lineFeed < end && bytes[lineFeed] != '\n') {
            lineFeed++;
        }
        if (line.size() + (lineFeed - offset) > maxLineBytes) {
            throw new ProtocolException("NPH status line over " + maxLineBytes + " bytes");
        }
        line.write(bytes, offset, lineFeed - offset);
        if (lineFeed == end) {
            return;
        }
        seen = true;
        byte[] status = asStatusHeader(line.toString(StandardCharsets.ISO_8859_1));
        parser.feed(status, 0, status.length);
        parser.feed(bytes, lineFeed + 1, end - lineFeed - 1);
    }

    void finish() throws ProtocolException {
        if (!seen) {
            throw new ProtocolException("an nph- script ended before its status line");
        }
    }

    static byte[] asStatusHeader(String line) throws ProtocolException {
        Matcher m = STATUS_LINE.matcher(line);
        if (!m.matches()) {
            throw new ProtocolException("an nph- script must start with an HTTP/1.x status line");
        }
        return ("Status: " + m.group(1) + m.group(2) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
