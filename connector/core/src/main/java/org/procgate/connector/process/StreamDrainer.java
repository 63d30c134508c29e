package org.procgate.connector.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Reads a program's stderr to its end and sends it to the log, keeping at most
 * {@code capBytes}; the rest is read and dropped, so the program never blocks on a full pipe.
 */
public final class StreamDrainer implements Runnable {

    private final InputStream input;
    private final Logger log;
    private final String source;
    private final StderrBuffer kept;
    private final CountDownLatch done = new CountDownLatch(1);

    public StreamDrainer(InputStream input, int capBytes, Logger log, String source) {
        this.input = input;
        this.log = log;
        this.source = source;
        this.kept = new StderrBuffer(capBytes);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (input) {
            int n;
            while ((n = input.read(buffer)) > 0) {
                kept.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // the process was killed or the pipe closed; what was read is still logged
        } finally {
            kept.logTo(log, source);
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
    public String text() {
        return kept.text();
    }
}
