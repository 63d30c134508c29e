package org.procgate.loadtest;

/**
 * What came back for one request.
 *
 * @param status     the HTTP status
 * @param bytes      the body's length as read
 * @param head       the body's first bytes as text (up to {@link CountingBody#HEAD_BYTES})
 * @param retryAfter the {@code Retry-After} header, or {@code null}
 */
public record Answer(int status, long bytes, String head, String retryAfter) {
}
