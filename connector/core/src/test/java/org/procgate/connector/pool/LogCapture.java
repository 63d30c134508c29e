package org.procgate.connector.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Test-only: collects what procgate's connector logs (java.util.logging) while it is open. */
public final class LogCapture extends Handler implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly, and the handler would go with it. */
    private final Logger logger = Logger.getLogger("org.procgate.connector");
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    public LogCapture() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(formatter.formatMessage(record));
    }

    /** Everything logged so far, one line per record. */
    public String text() {
        return String.join("\n", messages);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
