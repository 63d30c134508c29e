package org.procgate.platform.boundary;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;

import org.procgate.connector.api.RequestTrace;

/**
 * One line per gateway and search request, in the combined log format that log tools read,
 * followed by named fields as nginx's {@code log_format} writes them:
 *
 * <pre>
 * 127.0.0.1 - alice [07/Dec/2026:07:30:00 +0000] "GET /procgate/fcgi/hello/ HTTP/1.1" 200 13 "-" "curl/7.88.1"
 *     rt=0.004 wait=0.000 urt=0.002 pool=hello pid=4242 id=6f1c… trace=4bf92f3577b34da6a3ce929d0e0e4736
 * </pre>
 *
 * ({@code rt}: the whole request, {@code wait}: waiting for a worker, {@code urt}: the program,
 * in seconds as nginx's {@code $request_time} and {@code $upstream_response_time}; {@code -} where
 * there is none.) Each pool logs to its own logger, {@code procgate.access.<pool>}, so the server's
 * logging can send one pool elsewhere. {@code procgate.accessLog} turns it on: {@code server} logs
 * through the server's own logging, a file path has procgate write the lines alone to that file.
 */
public final class AccessLog {

    static final String LOGGER = "procgate.access";
    private static final Logger LOG = Logger.getLogger(AccessLog.class.getName());
    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    /** The loggers, held: a logger nobody holds may be collected with the level set on it. */
    private static final Map<String, Logger> LOGGERS = new ConcurrentHashMap<>();
    private static volatile FileHandler file;

    private AccessLog() {
    }

    /**
     * Turns the log on as {@code procgate.accessLog} says: blank, off (unless the server's logging
     * sets a level for {@code procgate.access} or one pool's logger); {@code server}, through the
     * server's logging; anything else is a file path.
     */
    static void start(String setting) {
        Logger root = logger(LOGGER);
        if (setting.isBlank()) {
            if (root.getLevel() == null) {
                root.setLevel(Level.OFF);
            }
            return;
        }
        root.setLevel(Level.INFO);
        if (setting.equals("server")) {
            return;
        }
        try {
            // one file at exactly that path, appended to; rotating it is logrotate's (copytruncate), as for nginx's
            FileHandler handler = new FileHandler(setting.replace("%", "%%"), 0, 1, true);
            handler.setFormatter(new LineOnly());
            root.addHandler(handler);
            root.setUseParentHandlers(false);
            file = handler;
            LOG.info(() -> "access log: " + setting);
        } catch (IOException | RuntimeException e) {
            root.setLevel(Level.OFF);
            LOG.severe(() -> "procgate.accessLog: cannot write the access log to " + setting + " (" + e.getMessage()
                    + "); the access log is off");
        }
    }

    /** Closes the log's file, if procgate writes one. */
    static void stop() {
        FileHandler handler = file;
        if (handler != null) {
            logger(LOGGER).removeHandler(handler);
            handler.close();
            file = null;
        }
    }

    private static Logger logger(String name) {
        return LOGGERS.computeIfAbsent(name, Logger::getLogger);
    }

    /** Logs the request, if access logging is on for its pool. */
    public static void record(HttpServletRequest request, int status, long bytes, RequestTrace trace, long startNanos) {
        Logger logger = logger(trace.pool().isEmpty() ? LOGGER : LOGGER + "." + trace.pool());
        if (!logger.isLoggable(Level.INFO)) {
            return;
        }
        logger.info(line(request, status, bytes, trace, System.nanoTime() - startNanos, ZonedDateTime.now()));
    }

    static String line(HttpServletRequest request, int status, long bytes, RequestTrace trace, long nanos, ZonedDateTime when) {
        String query = request.getQueryString();
        String target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        return request.getRemoteAddr() + " - " + orDash(request.getRemoteUser()) + " [" + CLF_TIME.format(when) + "] \""
                + quoted(request.getMethod() + " " + target + " " + request.getProtocol()) + "\" " + status + " "
                + (bytes > 0 ? Long.toString(bytes) : "-") + " \"" + quoted(orDash(request.getHeader("Referer"))) + "\" \""
                + quoted(orDash(request.getHeader("User-Agent"))) + "\" rt=" + seconds(nanos) + " wait="
                + seconds(trace.waitNanos()) + " urt=" + seconds(trace.programNanos()) + " pool="
                + (trace.pool().isEmpty() ? "-" : trace.pool()) + " pid=" + (trace.pid() > 0 ? Long.toString(trace.pid()) : "-")
                + " id=" + orDash(trace.requestId()) + " trace=" + orDash(TraceContext.traceId(trace.traceparent()));
    }

    private static String seconds(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** Quotes and control characters escaped, so one request is always one line (as nginx does). */
    private static String quoted(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                text.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    /** The message and a line end: the file holds access lines only. */
    private static final class LineOnly extends Formatter {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + System.lineSeparator();
        }
    }
}
