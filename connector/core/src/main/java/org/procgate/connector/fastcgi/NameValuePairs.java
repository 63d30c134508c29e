package org.procgate.connector.fastcgi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.procgate.connector.protocol.GrowableByteArray;
import org.procgate.connector.protocol.ProtocolException;

/**
 * The FastCGI name-value pair format of PARAMS, GET_VALUES and GET_VALUES_RESULT: name length,
 * value length, name bytes, value bytes. A length up to 127 takes one byte; a longer one takes
 * four, big-endian, with the high bit set. Names and values are UTF-8, which is what
 * applications read their parameters as.
 */
public final class NameValuePairs {

    /** Longest length that fits the one-byte form. */
    static final int MAX_SHORT_LENGTH = 127;
    /** Longest length the four-byte form can carry (31 bits). */
    static final long MAX_LENGTH = Integer.MAX_VALUE;

    private NameValuePairs() {
    }

    /** Appends one pair to {@code out}. */
    public static void encode(String name, String value, GrowableByteArray out) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of " + name);
        long nameLength = Utf8.encodedLength(name);
        long valueLength = Utf8.encodedLength(value);
        if (nameLength > MAX_LENGTH || valueLength > MAX_LENGTH) {
            throw new IllegalArgumentException("name-value pair " + abbreviate(name) + " longer than " + MAX_LENGTH + " bytes");
        }
        long pairLength = lengthFieldSize(nameLength) + lengthFieldSize(valueLength) + nameLength + valueLength;
        if (pairLength > GrowableByteArray.MAX_CAPACITY) {
            throw new IllegalArgumentException("name-value pair " + abbreviate(name) + " too long to encode");
        }
        int position = out.reserve((int) pairLength);
        byte[] bytes = out.array();
        position = putLength(bytes, position, (int) nameLength);
        position = putLength(bytes, position, (int) valueLength);
        position = Utf8.encode(name, bytes, position);
        Utf8.encode(value, bytes, position);
    }

    /**
     * Decodes all remaining bytes of {@code content} (advancing its position) into pairs in
     * the order sent.
     *
     * @throws ProtocolException if a length runs past the content or a name repeats
     */
    public static Map<String, String> decode(ByteBuffer content) throws ProtocolException {
        Map<String, String> pairs = new LinkedHashMap<>();
        while (content.hasRemaining()) {
            int nameLength = readLength(content);
            int valueLength = readLength(content);
            if ((long) nameLength + valueLength > content.remaining()) {
                throw new ProtocolException("name-value pair of " + nameLength + " + " + valueLength
                        + " bytes runs past the content (" + content.remaining() + " bytes left)");
            }
            String name = readString(content, nameLength);
            String value = readString(content, valueLength);
            if (pairs.putIfAbsent(name, value) != null) {
                throw new ProtocolException("name " + abbreviate(name) + " sent twice");
            }
        }
        return pairs;
    }

    private static int lengthFieldSize(long length) {
        return length <= MAX_SHORT_LENGTH ? 1 : 4;
    }

    private static int putLength(byte[] bytes, int position, int length) {
        if (length <= MAX_SHORT_LENGTH) {
            bytes[position] = (byte) length;
            return position + 1;
        }
        bytes[position] = (byte) ((length >>> 24) | 0x80);
        bytes[position + 1] = (byte) (length >>> 16);
        bytes[position + 2] = (byte) (length >>> 8);
        bytes[position + 3] = (byte) length;
        return position + 4;
    }

    private static int readLength(ByteBuffer content) throws ProtocolException {
        if (!content.hasRemaining()) {
            throw new ProtocolException("name-value pair length runs past the content");
        }
        int first = content.get() & 0xff;
        if ((first & 0x80) == 0) {
            return first;
        }
        if (content.remaining() < 3) {
            throw new ProtocolException("four-byte name-value pair length runs past the content");
        }
        return ((first & 0x7f) << 24) | ((content.get() & 0xff) << 16) | ((content.get() & 0xff) << 8) | (content.get() & 0xff);
    }

    private static String readString(ByteBuffer content, int length) {
        if (content.hasArray()) {
            String s = new String(content.array(), content.arrayOffset() + content.position(), length, StandardCharsets.UTF_8);
            content.position(content.position() + length);
            return s;
        }
        byte[] bytes = new byte[length]; // at most the remaining content, checked by the caller
        content.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String name) {
        return "\"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "\"";
    }
}
