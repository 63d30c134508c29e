package org.procgate.connector.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting of a pool, defined once: its property name, its kind of value, its default and
 * what it means. The connection factory's properties, the README's settings tables and the pool
 * definitions of every server are checked against this list by tests; {@link PoolSettingsReader}
 * parses and checks values by it.
 */
public enum PoolSetting {

    POOL_NAME(Section.COMMON, "poolName", Type.TEXT, null, "(required)",
            "name of the pool, unique in the adapter: letters, digits, `.`, `_`, `-`"),
    KIND(Section.COMMON, "kind", Type.CHOICE, "fastcgi", null,
            "`fastcgi`: warm worker processes. `cgi`: one process per request."),
    COMMAND(Section.COMMON, "command", Type.TEXT, "", null,
            "FastCGI: the worker command (no shell; quotes group words; `${property}` expands). CGI: an optional interpreter put before the script."),
    WORKING_DIRECTORY(Section.COMMON, "workingDirectory", Type.PATH, "", "script's directory",
            "the programs' working directory"),
    ENVIRONMENT(Section.COMMON, "environment", Type.TEXT, "", null,
            "extra variables for the programs, `NAME=value;NAME=value` (`${property}` expands). `PATH` defaults to `/usr/local/bin:/usr/bin:/bin`."),
    USER(Section.COMMON, "user", Type.TEXT, "", "see \"Who programs run as\"",
            "the user the programs run as (PHP-FPM's `user`). When the server runs as root: empty means `nobody`, and a user or group with id 0 is refused. When the server runs as an ordinary user: leave it empty (programs run as the server's user); another user is refused."),
    GROUP(Section.COMMON, "group", Type.TEXT, "", "the user's group",
            "the group the programs run as (PHP-FPM's `group`); the user's supplementary groups apply too"),
    MAX_WORKERS(Section.COMMON, "maxWorkers", Type.POSITIVE_INT, "5", null,
            "FastCGI: the most worker processes (or connections to remote backends), as PHP-FPM's `pm.max_children`. CGI: the most concurrent processes."),
    BORROW_TIMEOUT_MILLIS(Section.COMMON, "borrowTimeoutMillis", Type.MILLIS, "5000", null,
            "the longest wait for a free worker or CGI slot before 503"),
    REQUEST_TIMEOUT_MILLIS(Section.COMMON, "requestTimeoutMillis", Type.MILLIS, "30000", null,
            "the longest a request may take. Past it, the program's process tree is killed and 504 answered. PHP-FPM's `request_terminate_timeout` is 0 (none); procgate limits by default because a hung program would hold a worker and its caller for good."),
    MAX_REQUEST_BODY_BYTES(Section.COMMON, "maxRequestBodyBytes", Type.AMOUNT, "10485760", null,
            "the largest request body passed on (413 above; 0: no limit). A declared length over it is refused before any program starts; a chunked body is stopped where it crosses it."),
    MAX_RESPONSE_BYTES(Section.COMMON, "maxResponseBytes", Type.AMOUNT, "0", null,
            "the largest response body passed on (0: no limit). Above it the answer fails: 502 if nothing was sent yet, else the response is aborted."),
    MAX_HEADER_BYTES(Section.COMMON, "maxHeaderBytes", Type.POSITIVE_INT, "65536", null,
            "the largest header block accepted from a program (502 above)"),
    MAX_STDERR_BYTES(Section.COMMON, "maxStderrBytes", Type.COUNT, "16384", null,
            "stderr kept for the log per request (FastCGI) or process (CGI)"),
    HEADER_ALLOW_LIST(Section.COMMON, "headerAllowList", Type.LIST, "", "(none)",
            "empty: every request header passes as `HTTP_*`, as Apache's mod_cgi and nginx pass them, except `Proxy` (httpoxy), hop-by-hop headers (`Connection` and the headers it names, `Keep-Alive`, `TE`, `Trailer`, `Transfer-Encoding`, `Upgrade`, `Proxy-Connection`), `Authorization` and `Proxy-Authorization` (see below), `Content-Type` and `Content-Length` (they are `CONTENT_TYPE` and `CONTENT_LENGTH`), and names with anything but letters, digits and `-` (`X_Api_Key` would pass for `X-Api-Key`). Set: only these headers (comma-separated), Tomcat's CGIServlet strictness."),
    REQUIRED_ROLES(Section.COMMON, "requiredRoles", Type.LIST, "", "(none: anyone)",
            "roles of which the signed-in user must have at least one, comma-separated, as the server's own realm and role mapping grant them; list each in `procgate.gateway.roles` too (see \"Pools that require a user\"). A request without a user gets the server's own challenge (401), a user with none of the roles 403; the user reaches the programs as `REMOTE_USER` and `AUTH_TYPE` (the password, `Authorization`, only with `passAuthorization`). Empty: anyone, and nothing is asked."),
    PASS_AUTHORIZATION(Section.COMMON, "passAuthorization", Type.BOOLEAN, "false", null,
            "whether `Authorization` and `Proxy-Authorization` reach the program"),
    DRAIN_TIMEOUT_MILLIS(Section.COMMON, "drainTimeoutMillis", Type.MILLIS_OR_ZERO, "10000", null,
            "when the pool stops (the adapter stops, the application is undeployed, the server shuts down), how long requests in flight may take to finish before their programs are stopped; new requests are refused at once (PHP-FPM's `process_control_timeout`; 0: stop at once)"),
    OPTIONAL(Section.COMMON, "optional", Type.BOOLEAN, "false", null,
            "a pool the node can serve without: its failure shows in its status and in the readiness check's data, but does not make the node unready, so a load balancer keeps sending it the other pools' traffic (see \"Health checks\")"),
    SHUTDOWN_GRACE_MILLIS(Section.COMMON, "shutdownGraceMillis", Type.MILLIS, "2000", null,
            "time between SIGTERM and SIGKILL when a program is stopped"),
    SLOW_REQUEST_MILLIS(Section.COMMON, "slowRequestMillis", Type.MILLIS, "5000", null,
            "requests slower than this are logged (`slow request: ...`) and counted. PHP-FPM's `request_slowlog_timeout` is 0 (off); procgate's costs one log line and no stack dump, and feeds the `slow requests` counter."),
    RESPONSE_BUFFERING(Section.COMMON, "responseBuffering", Type.BOOLEAN, "true", null,
            "hold what a slow client has not taken yet (memory, then a temporary file) so the program is released when it ends; `false`: pure pass-through. A program's `X-Accel-Buffering: no` passes its answer through. See \"Streaming\"."),
    RESPONSE_BUFFER_BYTES(Section.COMMON, "responseBufferBytes", Type.POSITIVE_INT, "262144", null,
            "memory held per buffered answer before it spills to a temporary file (in `java.io.tmpdir`, deleted when the answer ends)"),
    MAX_TEMP_FILE_BYTES(Section.COMMON, "maxTempFileBytes", Type.AMOUNT, "1073741824", null,
            "the most one buffered answer spills to its file; past it the program waits for the client (0: never spill)"),
    IGNORE_CLIENT_ABORT(Section.COMMON, "ignoreClientAbort", Type.BOOLEAN, "false", null,
            "`true`: a program runs to its end when the client leaves (its answer is dropped); `false`: it is stopped"),
    SENDFILE_ROOT(Section.COMMON, "sendfileRoot", Type.PATH, "", "(none)",
            "the directory programs may hand files from: an answer with `X-Accel-Redirect: /path` or `X-Sendfile: path` gets that file under it, sent by the server with the program's other headers and `Range` support, once the program is released (see \"Local redirects and file offload\"). Confined like CGI scripts; the programs' `user` must be able to read the file. Empty: both headers are dropped, the rest of the answer passes."),
    LAUNCH(Section.FASTCGI, "launch", Type.CHOICE, "fd0", null,
            "`fd0`: the program expects its listening socket on fd 0 (libfcgi, fcgiwrap, flup, Perl FCGI) and is started through `spawn-fcgi -n`. `bind`: the program binds the socket path that replaces `{socket}` in `command` (`php-cgi -b {socket}`). `remote`: workers procgate does not start, at `addresses`."),
    PROCESS_MANAGER(Section.FASTCGI, "processManager", Type.CHOICE, "dynamic", null,
            "`static`: always `maxWorkers`. `dynamic`: starts `startWorkers` and keeps between `minSpareWorkers` and `maxSpareWorkers` idle. `ondemand`: a worker only while requests need it."),
    START_WORKERS(Section.FASTCGI, "startWorkers", Type.COUNT, "2", null,
            "dynamic: workers started with the pool"),
    MIN_SPARE_WORKERS(Section.FASTCGI, "minSpareWorkers", Type.COUNT, "1", null,
            "dynamic: idle workers kept ready"),
    MAX_SPARE_WORKERS(Section.FASTCGI, "maxSpareWorkers", Type.COUNT, "3", null,
            "dynamic: idle workers above this end at once"),
    IDLE_TIMEOUT_MILLIS(Section.FASTCGI, "idleTimeoutMillis", Type.MILLIS, "10000", null,
            "dynamic, ondemand: an idle worker beyond the minimum ends after this"),
    MAX_REQUESTS_PER_WORKER(Section.FASTCGI, "maxRequestsPerWorker", Type.COUNT, "0", null,
            "a worker is replaced after this many requests (0: never, as PHP-FPM's `pm.max_requests`). php-cgi ends itself after 500 requests unless its environment has `PHP_FCGI_MAX_REQUESTS=0`: set that (as the examples do) or set this to 500 or less. A GET or HEAD that meets a worker which has just ended is retried on another; other methods get 502."),
    MAX_WORKER_MEMORY_BYTES(Section.FASTCGI, "maxWorkerMemoryBytes", Type.AMOUNT, "0", null,
            "a worker whose resident memory is over this after a request is replaced (0: never; PHP-FPM's most asked-for `pm.max_memory`). Read from `/proc` after each request, only when set."),
    MAX_LIFETIME_MILLIS(Section.FASTCGI, "maxLifetimeMillis", Type.MILLIS_OR_ZERO, "0", null,
            "a worker is replaced after this long, plus up to 10 % jitter (0: never)"),
    START_TIMEOUT_MILLIS(Section.FASTCGI, "startTimeoutMillis", Type.MILLIS, "10000", null,
            "how long a new worker (or a connection to a backend) may take to accept"),
    DOCUMENT_ROOT(Section.FASTCGI, "documentRoot", Type.PATH, "", null,
            "if set, `SCRIPT_FILENAME` is the file under this directory that the path names (confined like CGI scripts), for php-cgi, fcgiwrap and other workers that serve files. `DOCUMENT_ROOT` is set too."),
    PASS_ENVIRONMENT(Section.FASTCGI, "passEnvironment", Type.LIST, "", null,
            "names of the server's own environment variables passed to workers, comma-separated (nothing passes otherwise)"),
    ADDRESSES(Section.FASTCGI, "addresses", Type.LIST, "", null,
            "remote: worker addresses, comma-separated: `unix:/path`, `ip:port`, or `name:port` (every address the name has is a backend, looked up again every `resolveIntervalMillis`), each optionally followed by ` weight=N` (default 1). See \"Scaling out\"."),
    BACKEND_MAX_FAILS(Section.FASTCGI, "backendMaxFails", Type.COUNT, "1", null,
            "remote: failures within `backendFailTimeoutMillis` that take a backend out of rotation"),
    BACKEND_FAIL_TIMEOUT_MILLIS(Section.FASTCGI, "backendFailTimeoutMillis", Type.MILLIS, "10000", null,
            "remote: how long a failed backend stays out of rotation"),
    BACKEND_MAX_CONNECTIONS(Section.FASTCGI, "backendMaxConnections", Type.POSITIVE_INT, "1", null,
            "remote: connections procgate holds to one backend at most. A worker that serves one connection at a time would leave another waiting in its backlog. Raise it for backends that serve many, such as PHP-FPM. The pool never holds more than `addresses` x this."),
    RESOLVE_INTERVAL_MILLIS(Section.FASTCGI, "resolveIntervalMillis", Type.MILLIS_OR_ZERO, "30000", null,
            "remote: how often backend names are looked up again, so hosts added or removed in DNS join or leave without a redeploy (0: once, at start). The JVM caches names for `networkaddress.cache.ttl` (30 s) too."),
    HEALTH_CHECK(Section.FASTCGI, "healthCheck", Type.TEXT, "none", null,
            "remote: the active check of every backend, on a connection of its own: `none`, `values` (it must answer FCGI_GET_VALUES, as PHP-FPM does), or a path such as `/ping` (a GET that must answer 200). Needs backends that take a connection besides procgate's."),
    HEALTH_CHECK_INTERVAL_MILLIS(Section.FASTCGI, "healthCheckIntervalMillis", Type.MILLIS, "2000", null,
            "remote: time between two checks of a backend (HAProxy's `inter`)"),
    HEALTH_CHECK_TIMEOUT_MILLIS(Section.FASTCGI, "healthCheckTimeoutMillis", Type.MILLIS, "1000", null,
            "remote: the longest one check may take, connecting included; slower is a failed check"),
    HEALTH_CHECK_FALL(Section.FASTCGI, "healthCheckFall", Type.POSITIVE_INT, "3", null,
            "remote: consecutive failed checks that take a backend out of rotation (HAProxy's `fall`)"),
    HEALTH_CHECK_RISE(Section.FASTCGI, "healthCheckRise", Type.POSITIVE_INT, "2", null,
            "remote: consecutive passed checks that bring it back (HAProxy's `rise`)"),
    AFFINITY(Section.FASTCGI, "affinity", Type.TEXT, "none", null,
            "remote: `cookie:NAME` sends requests carrying cookie NAME (`cookie:PHPSESSID`) to the same backend while it is up, `client` does so by client address; `none`: least outstanding requests. For programs that keep sessions on local disk."),
    SCRIPT_ROOT(Section.CGI, "scriptRoot", Type.PATH, "", null,
            "the directory the scripts run from (required for `kind` `cgi`)"),
    ALLOWED_METHODS(Section.CGI, "allowedMethods", Type.LIST, "GET,HEAD,POST", null,
            "methods a script may be called with, comma-separated. Others get 405 with an `Allow` header. `HEAD` runs the script with `REQUEST_METHOD=HEAD` and answers its headers without the body."),
    SEARCH_ARGUMENTS(Section.CGI, "searchArguments", Type.BOOLEAN, "false", null,
            "RFC 3875 §4.4: a query string without `=` becomes the script's arguments, split on `+` and decoded once. Off: the query reaches a script only as `QUERY_STRING`."),
    SEARCH_ARGUMENT_PATTERN(Section.CGI, "searchArgumentPattern", Type.TEXT, "[A-Za-z0-9_.,:@][A-Za-z0-9_.,:@-]*", null,
            "with `searchArguments`, every word must match this whole and must not start with `-`, or no word is passed at all"),
    NPH(Section.CGI, "nph", Type.BOOLEAN, "false", null,
            "scripts named `nph-*` may start with an HTTP status line (`HTTP/1.1 418 ...`). It becomes the status; the headers are validated like any other. Off: such output is a 502."),
    DEBUG(Section.CGI, "debug", Type.BOOLEAN, "false", null,
            "on a 502 or 504, answer an HTML page with the failure and the script's stderr (escaped), like Python's cgitb. Development only. Off: the problem+json never holds stderr."),
    CPU_SECONDS(Section.CGI, "cpuSeconds", Type.AMOUNT, "0", null,
            "CPU time per script (prlimit `--cpu`; SIGXCPU, then SIGKILL). 0: no limit."),
    ADDRESS_SPACE_BYTES(Section.CGI, "addressSpaceBytes", Type.AMOUNT, "0", null,
            "virtual memory per script process (prlimit `--as`); allocations past it fail. 0: no limit."),
    MAX_PROCESSES(Section.CGI, "maxProcesses", Type.COUNT, "0", null,
            "the most processes the pool's scripts may have at once: a pids cgroup of the pool's own where the server may make one, else prlimit `--nproc`, which counts every process of the scripts' user (see \"Who programs run as\"). 0: no limit."),
    OWN_SESSION(Section.CGI, "ownSession", Type.BOOLEAN, "true", null,
            "each script starts in a session of its own (through `setsid`), so a timeout, a pool stop or the cleanup after an answer ends every process it started, daemonised grandchildren included. `false` saves that extra exec per request (see [docs/benchmarks.md](docs/benchmarks.md)); a timeout or a stop then ends the script and the children still under it, as Apache's mod_cgi does, and what a script detaches (`setsid`, double fork) is not found. With an `accelerator`, every script leads a session of its own at no cost."),
    ACCELERATOR(Section.CGI, "accelerator", Type.CHOICE, "none", null,
            "`none`: each script is executed from the server. `fork`: a resident launcher of the pool's own (`/usr/bin/python3`, run as the pool's `user`, in its pids cgroup, with only the pool's `environment`) forks each script in a session of its own and executes it: no exec of `setsid` per request. `python`: the same, and Python scripts (`#!` naming `/usr/bin/python3`, with no flags but `-S -s -u -E -I -B`) run in the forked child as `__main__`, without starting an interpreter; other scripts are executed. The launcher is restarted with a growing backoff if it dies. See \"Accelerated CGI\"."),
    PRELOAD(Section.CGI, "preload", Type.LIST, "", null,
            "with `accelerator` `python`: modules the launcher imports once, comma-separated (`json,psycopg2`); every script then finds them imported. Only modules that keep no per-request state at import (see \"Accelerated CGI\").");

    /** Where a setting is documented: what every pool reads, and what only one kind of pool reads. */
    public enum Section {
        COMMON, FASTCGI, CGI
    }

    /** The kind of value a setting takes; {@link PoolSettingsReader} checks it. */
    public enum Type {
        /** Any text. */
        TEXT,
        /** One of a fixed set of words. */
        CHOICE,
        /** A directory or file; empty: none. */
        PATH,
        /** Comma-separated words. */
        LIST,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A whole number of at least 1. */
        POSITIVE_INT,
        /** A whole number of at least 0. */
        COUNT,
        /** A size, count or time of at least 0 (a long). */
        AMOUNT,
        /** A duration in milliseconds, at least 1: nothing waits forever. */
        MILLIS,
        /** A duration in milliseconds; 0 means never. */
        MILLIS_OR_ZERO
    }

    private static final Map<String, PoolSetting> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(PoolSetting::property, Function.identity()));

    private final Section section;
    private final String property;
    private final Type type;
    private final String defaultValue;
    private final String shownDefault;
    private final String meaning;

    /**
     * @param defaultValue the value when none is set; {@code null}: the setting is required
     * @param shownDefault how the README shows the default when it is not the value itself, or {@code null}
     * @param meaning      what it does, in the README's words (Markdown)
     */
    PoolSetting(Section section, String property, Type type, String defaultValue, String shownDefault, String meaning) {
        this.section = section;
        this.property = property;
        this.type = type;
        this.defaultValue = defaultValue;
        this.shownDefault = shownDefault;
        this.meaning = meaning;
    }

    /** The setting with this property name. */
    public static Optional<PoolSetting> named(String property) {
        return Optional.ofNullable(BY_NAME.get(property));
    }

    public static List<PoolSetting> in(Section section) {
        return Arrays.stream(values()).filter(s -> s.section == section).toList();
    }

    public Section section() {
        return section;
    }

    /** The name operators write in a pool definition. */
    public String property() {
        return property;
    }

    public Type type() {
        return type;
    }

    /** The value when none is set, or empty if the setting is required. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String meaning() {
        return meaning;
    }

    /** The setting's row of the README's table: {@code | `name` | default | meaning |}. */
    public String tableRow() {
        String shown = shownDefault != null ? shownDefault
                : defaultValue == null || defaultValue.isEmpty() ? "" : "`" + defaultValue + "`";
        return "| `" + property + "` | " + shown + (shown.isEmpty() ? "" : " ") + "| " + meaning + " |";
    }

    /** The README's table of one section: header and rows. */
    public static String table(Section section) {
        return "| property | default | meaning |\n|---|---|---|\n"
                + in(section).stream().map(PoolSetting::tableRow).collect(Collectors.joining("\n")) + "\n";
    }
}
