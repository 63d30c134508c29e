package org.procgate.gateway.boundary;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.procgate.connector.api.Header;

/**
 * What part of an offloaded file answers a request, as RFC 9110 section 14 has it and as nginx
 * serves static files: the whole file ({@code 200}, with {@code Accept-Ranges: bytes}), one
 * range ({@code 206} with {@code Content-Range}), or none ({@code 416} with
 * {@code Content-Range: bytes *}/length) for a range that starts past the end. Only a GET of an
 * answer the program gave status 200 is ranged. Several ranges, or a {@code Range} that does not
 * parse, get the whole file, which RFC 9110 allows; so does an {@code If-Range} that does not
 * match the file's validator (its ETag, or its Last-Modified to the second).
 *
 * @param status  the status to answer
 * @param start   the first byte to send
 * @param length  how many bytes to send
 * @param headers the program's headers with the file's: length, range, validators
 */
record FileRange(int status, long start, long length, List<Header> headers) {

    /**
     * @param programStatus  the status the program gave
     * @param programHeaders its headers (without Content-Length)
     * @param fileLength     the file's size
     * @param etag           the file's ETag, used when the program sent none
     * @param lastModified   the file's modification time, used when the program sent no Last-Modified
     * @param method         the request's method
     * @param range          its {@code Range}, or {@code null}
     * @param ifRange        its {@code If-Range}, or {@code null}
     */
    static FileRange of(int programStatus, List<Header> programHeaders, long fileLength, String etag, Instant lastModified,
                        String method, String range, String ifRange) {
        List<Header> headers = new ArrayList<>(programHeaders);
        String effectiveEtag = value(headers, "ETag");
        if (effectiveEtag == null) {
            effectiveEtag = etag;
            headers.add(new Header("ETag", etag));
        }
        String effectiveModified = value(headers, "Last-Modified");
        if (effectiveModified == null) {
            effectiveModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(lastModified, ZoneOffset.UTC));
            headers.add(new Header("Last-Modified", effectiveModified));
        }
        if (programStatus != 200) {
            return whole(programStatus, headers, fileLength);
        }
        headers.add(new Header("Accept-Ranges", "bytes"));
        if (range == null || !method.equals("GET") || !ifRangeHolds(ifRange, effectiveEtag, effectiveModified)) {
            return whole(200, headers, fileLength);
        }
        long[] bounds = singleRange(range.strip(), fileLength);
        if (bounds == null) {
            return whole(200, headers, fileLength);
        }
        if (bounds.length == 0) {
            headers.add(new Header("Content-Range", "bytes */" + fileLength));
            headers.add(new Header("Content-Length", "0"));
            return new FileRange(416, 0, 0, headers);
        }
        long count = bounds[1] - bounds[0] + 1;
        headers.add(new Header("Content-Range", "bytes " + bounds[0] + "-" + bounds[1] + "/" + fileLength));
        headers.add(new Header("Content-Length", Long.toString(count)));
        return new FileRange(206, bounds[0], count, headers);
    }

    private static FileRange whole(int status, List<Header> headers, long fileLength) {
        headers.add(new Header("Content-Length", Long.toString(fileLength)));
        return new FileRange(status, 0, fileLength, headers);
    }

    /** A strong ETag must match exactly (a weak one never does); a date must equal the file's Last-Modified. */
    private static boolean ifRangeHolds(String ifRange, String etag, String lastModified) {
        if (ifRange == null) {
            return true;
        }
        String condition = ifRange.strip();
        if (condition.startsWith("\"") || condition.startsWith("W/")) {
            return condition.startsWith("\"") && condition.equals(etag);
        }
        try {
            return parseDate(condition).equals(parseDate(lastModified));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Instant parseDate(String date) {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    /**
     * @return {first, last} of a satisfiable single range; an empty array if it is unsatisfiable;
     *         {@code null} if the header is not one byte range (the whole file is sent then)
     */
    private static long[] singleRange(String range, long fileLength) {
        if (!range.regionMatches(true, 0, "bytes=", 0, 6) || range.indexOf(',') >= 0) {
            return null;
        }
        String spec = range.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        try {
            if (first.isEmpty()) {
                long suffix = digits(last);
                if (suffix == 0 || fileLength == 0) {
                    return new long[0];
                }
                return new long[] {Math.max(0, fileLength - suffix), fileLength - 1};
            }
            long from = digits(first);
            long to = last.isEmpty() ? Long.MAX_VALUE : digits(last);
            if (to < from) {
                return null;
            }
            if (from >= fileLength) {
                return new long[0];
            }
            return new long[] {from, Math.min(to, fileLength - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long digits(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(text);
        }
        return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
    }

    private static String value(List<Header> headers, String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }
}
