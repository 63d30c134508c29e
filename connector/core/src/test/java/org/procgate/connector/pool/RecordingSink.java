package org.procgate.connector.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.OffloadedFile;
import org.procgate.connector.api.ResponseSink;

/**
 * Test-only: a sink that keeps what a real client would see of an answer without holding its
 * body: status, headers, byte count, SHA-256, and when each flush came. It can play a slow
 * client (a pause per write) or one that leaves (fails once it has taken some bytes).
 */
public final class RecordingSink implements ResponseSink {

    private final MessageDigest digest;
    private final StringBuilder text = new StringBuilder();
    private final List<Long> flushNanos = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile List<Header> headers = new ArrayList<>();
    private volatile long bytes;
    private long failAfterBytes = -1;
    private long pauseNanosPerWrite;
    private int keepText = 4096;
    private volatile String localRedirect;
    private volatile long endNanos;
    private volatile List<Header> fileHeaders;
    private Runnable onFile = () -> { };

    public RecordingSink() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client leaves once it has taken this many bytes (its next write fails). */
    public RecordingSink failAfter(long byteCount) {
        failAfterBytes = byteCount;
        return this;
    }

    /** A slow client: each write takes this long. */
    public RecordingSink pausePerWrite(long millis) {
        pauseNanosPerWrite = millis * 1_000_000;
        return this;
    }

    @Override
    public void head(int status, List<Header> headers) {
        this.status = status;
        this.headers = List.copyOf(headers);
    }

    @Override
    public void end() {
        endNanos = System.nanoTime();
    }

    /** When the answer was said to be complete ({@link System#nanoTime()}), or 0 if it never was. */
    public long endNanos() {
        return endNanos;
    }

    @Override
    public void localRedirect(String location) {
        localRedirect = location;
    }

    /** Runs {@code action} when a file is handed to this sink, before it is sent. */
    public RecordingSink onFile(Runnable action) {
        onFile = action;
        return this;
    }

    @Override
    public void file(int status, List<Header> headers, OffloadedFile file) throws IOException {
        onFile.run();
        fileHeaders = List.copyOf(headers);
        ResponseSink.super.file(status, headers, file);
    }

    /** The path of a local redirect the answer was, or {@code null}. */
    public String localRedirect() {
        return localRedirect;
    }

    /** The headers a file came with (before the sink adds its length), or {@code null} if none came. */
    public List<Header> fileHeaders() {
        return fileHeaders;
    }

    @Override
    public synchronized void write(byte[] source, int offset, int length) throws IOException {
        if (failAfterBytes >= 0 && bytes >= failAfterBytes) {
            throw new IOException("Broken pipe (the test client left)");
        }
        digest.update(source, offset, length);
        if (text.length() < keepText) {
            text.append(new String(source, offset, Math.min(length, keepText), StandardCharsets.ISO_8859_1));
        }
        bytes += length;
        if (pauseNanosPerWrite > 0) {
            try {
                Thread.sleep(pauseNanosPerWrite / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (failAfterBytes >= 0 && bytes >= failAfterBytes) {
            throw new IOException("Broken pipe (the test client left)");
        }
        flushNanos.add(System.nanoTime());
    }

    public int status() {
        return status;
    }

    public List<Header> headers() {
        return headers;
    }

    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }

    public long bytes() {
        return bytes;
    }

    public synchronized String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start of the body as text. */
    public synchronized String text() {
        return text.toString();
    }

    public List<Long> flushNanos() {
        return flushNanos;
    }
}
