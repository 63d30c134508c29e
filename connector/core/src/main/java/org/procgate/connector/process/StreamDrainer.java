package org.procgate.connector.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads a program's stderr to its end and sends it to the log, keeping at most
 * {@code capBytes}; the rest is read and dropped, so the program never blocks on a full pipe.
 */
public final class StreamDrainer implements Runnable {

    private final InputStream input;
    private final int capBytes;
    private final Logger log;
    private final String source;
    private final byte[] kept;
    private int keptLength;
    private long dropped;
    private final CountDownLatch done = new CountDownLatch(1);

    public StreamDrainer(InputStream input, int capBytes, Logger log, String source) {
        this.input = input;
        this.capBytes = capBytes;
        this.log = log;
        this.source = source;
        this.kept = new byte[Math.min(capBytes, 64 * 1024)];
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (input) {
            int n;
            while ((n = input.read(buffer)) > 0) {
                int room = Math.min(kept.length, capBytes) - keptLength;
                int keep = Math.min(room, n);
                synchronized (this) {
                    System.arraycopy(buffer, 0, kept, keptLength, keep);
                    keptLength += keep;
                    dropped += n - keep;
                }
            }
        } catch (IOException e) {
            // the process was killed or the pipe closed; what was read is still logged
        } finally {
            flush();
            done.countDown();
        }
    }

    /** What was kept, once the stream has ended or {@code wait} has passed, whichever comes first. */
    public String awaitText(Duration wait) {
        try {
            done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return text();
    }

    /** What was kept, as text. */
    public synchronized String text() {
        return new String(kept, 0, keptLength, StandardCharsets.UTF_8);
    }

    private synchronized void flush() {
        if (keptLength > 0 && log.isLoggable(Level.WARNING)) {
            String suffix = dropped > 0 ? " [" + dropped + " more bytes dropped]" : "";
            log.warning(source + " stderr: " + text().stripTrailing() + suffix);
        }
    }
}
