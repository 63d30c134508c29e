package org.procgate.admin.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.WorkerStatus;

/**
 * A pool's status in PHP-FPM's own field names and formats (its status page, {@code pm.status_path}):
 * plain text, {@code json} and {@code openmetrics}, each with the processes under {@code full}, so
 * that tools written for PHP-FPM's status read procgate's unchanged. Where procgate has no such
 * figure the value says so as PHP-FPM's would: {@code listen queue len} is 0 (procgate's queue has
 * no fixed length), {@code last request cpu} is the worker's CPU share since it started, and
 * {@code last request memory} its resident memory now.
 */
public final class FpmStatus {

    /** The formats of PHP-FPM's status page. */
    public enum Format {
        TEXT("text/plain;charset=UTF-8"), JSON("application/json"),
        OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final Jsonb JSON = JsonbBuilder.create();

    private FpmStatus() {
    }

    public static String of(PoolStatus pool, Format format, boolean full, Instant now) {
        return switch (format) {
            case TEXT -> text(pool, full, now);
            case JSON -> json(pool, full, now);
            case OPENMETRICS -> openMetrics(pool, now);
        };
    }

    /** PHP-FPM's process manager for what the pool does: a CGI pool starts a process per request. */
    static String processManager(PoolStatus pool) {
        if (pool.kind().equals("cgi") || pool.minWorkers() == 0) {
            return "ondemand";
        }
        return pool.minWorkers() == pool.maxWorkers() ? "static" : "dynamic";
    }

    private static Map<String, Object> fields(PoolStatus pool, Instant now, boolean epoch) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pool", pool.name());
        fields.put("process manager", processManager(pool));
        fields.put("start time", epoch ? pool.startTime().getEpochSecond() : CLF_TIME.format(pool.startTime()));
        fields.put("start since", since(pool.startTime(), now));
        fields.put("accepted conn", pool.acceptedRequests());
        fields.put("listen queue", pool.queueLength());
        fields.put("max listen queue", pool.maxQueueLength());
        fields.put("listen queue len", 0);
        fields.put("idle processes", pool.idleWorkers());
        fields.put("active processes", pool.activeWorkers());
        fields.put("total processes", pool.totalWorkers());
        fields.put("max active processes", pool.maxActiveWorkers());
        fields.put("max children reached", pool.maxReachedCount());
        fields.put("slow requests", pool.slowRequests());
        return fields;
    }

    private static Map<String, Object> process(WorkerStatus worker, Instant now, boolean epoch) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", worker.pid());
        fields.put("state", state(worker.state()));
        fields.put("start time", epoch ? worker.startTime().getEpochSecond() : CLF_TIME.format(worker.startTime()));
        fields.put("start since", since(worker.startTime(), now));
        fields.put("requests", worker.requestsServed());
        fields.put("request duration", worker.durationMicros());
        fields.put("request method", orDash(worker.requestMethod()));
        fields.put(epoch ? "request uri" : "request URI", orDash(worker.requestUri()));
        fields.put("content length", Math.max(0, worker.contentLength()));
        fields.put("user", orDash(worker.user()));
        fields.put("script", orDash(worker.script()));
        fields.put("last request cpu", Math.round(worker.cpuPercent() * 100) / 100.0);
        fields.put("last request memory", worker.residentBytes());
        return fields;
    }

    private static String text(PoolStatus pool, boolean full, Instant now) {
        StringBuilder text = new StringBuilder();
        lines(text, fields(pool, now, false));
        if (full) {
            for (WorkerStatus worker : pool.workers()) {
                text.append("\n************************\n");
                lines(text, process(worker, now, false));
            }
        }
        return text.toString();
    }

    private static void lines(StringBuilder text, Map<String, Object> fields) {
        fields.forEach((name, value) -> text.append(String.format(Locale.ROOT, "%-22s%s%n", name + ":",
                value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : value)));
    }

    private static String json(PoolStatus pool, boolean full, Instant now) {
        Map<String, Object> fields = fields(pool, now, true);
        if (full) {
            fields.put("processes", pool.workers().stream().map(worker -> process(worker, now, true)).toList());
        }
        return JSON.toJson(fields);
    }

    private static String openMetrics(PoolStatus pool, Instant now) {
        StringBuilder text = new StringBuilder();
        metric(text, "up", "gauge", "Could pool " + pool.name() + " using a " + processManager(pool) + " PM on procgate be reached?", 1);
        metric(text, "start_since", "counter", "The number of seconds since the pool has started.", since(pool.startTime(), now));
        metric(text, "accepted_connections", "counter", "The number of requests accepted by the pool.", pool.acceptedRequests());
        metric(text, "listen_queue", "gauge", "The number of requests in the queue of pending connections.", pool.queueLength());
        metric(text, "max_listen_queue", "counter",
                "The maximum number of requests in the queue of pending connections since the pool has started.",
                pool.maxQueueLength());
        metric(text, "listen_queue_length", "gauge", "The size of the socket queue of pending connections.", 0);
        metric(text, "idle_processes", "gauge", "The number of idle processes.", pool.idleWorkers());
        metric(text, "active_processes", "gauge", "The number of active processes.", pool.activeWorkers());
        metric(text, "total_processes", "gauge", "The number of idle + active processes.", pool.totalWorkers());
        metric(text, "max_active_processes", "counter", "The maximum number of active processes since the pool has started.",
                pool.maxActiveWorkers());
        metric(text, "max_children_reached", "counter", "The number of times, the process limit has been reached.",
                pool.maxReachedCount());
        metric(text, "slow_requests", "counter", "The number of requests that exceeded the slow request threshold.",
                pool.slowRequests());
        return text.append("# EOF\n").toString();
    }

    private static void metric(StringBuilder text, String name, String type, String help, long value) {
        text.append("# HELP phpfpm_").append(name).append(' ').append(help).append('\n')
                .append("# TYPE phpfpm_").append(name).append(' ').append(type).append('\n')
                .append("phpfpm_").append(name).append(' ').append(value).append('\n');
    }

    private static String state(WorkerStatus.State state) {
        return switch (state) {
            case IDLE -> "Idle";
            case BUSY -> "Running";
            case DRAINING -> "Finishing";
            case EXITING -> "Ending";
            case STARTING -> "Starting";
        };
    }

    private static long since(Instant start, Instant now) {
        return Math.max(0, Duration.between(start, now).toSeconds());
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
