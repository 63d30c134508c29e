package org.procgate.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.RequestTrace;

class AccessLogTest {

    /** The combined log format, then the named fields. */
    private static final String COMBINED = "(\\S+) - (\\S+) \\[([^]]+)] \"([^\"]*)\" (\\d{3}) (\\S+) \"([^\"]*)\" \"([^\"]*)\"";

    @AfterEach
    void stop() {
        AccessLog.stop();
        Logger.getLogger(AccessLog.LOGGER).setLevel(null);
    }

    @Test
    void aLineIsTheCombinedLogFormatFollowedByNamedFields() {
        RequestTrace trace = new RequestTrace("6f1c2a7e-0000-4000-8000-000000000003",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        trace.enteredPool("hello");
        trace.waited(1_500_000);
        trace.servedBy(4242);
        trace.programTook(2_000_000);
        String line = AccessLog.line(request("GET", "/procgate/fcgi/hello/", "a=1", Map.of("User-Agent", "curl/7.88.1"), "alice"),
                200, 13, trace, 4_000_000, ZonedDateTime.of(2026, 12, 7, 7, 30, 0, 0, ZoneOffset.UTC));

        assertThat(line).isEqualTo("127.0.0.1 - alice [07/Dec/2026:07:30:00 +0000] \"GET /procgate/fcgi/hello/?a=1 HTTP/1.1\" 200 13"
                + " \"-\" \"curl/7.88.1\" rt=0.004 wait=0.002 urt=0.002 pool=hello pid=4242"
                + " id=6f1c2a7e-0000-4000-8000-000000000003 trace=4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line).containsPattern("^" + COMBINED + " rt=");
    }

    @Test
    void whatTheClientSentCannotBreakTheLineOrItsQuotes() {
        String line = AccessLog.line(request("GET", "/procgate/fcgi/x", null,
                        Map.of("User-Agent", "evil\" \"x\nforged 200 1", "Referer", "a\\b"), null),
                404, 0, RequestTrace.none(), 1_000_000, ZonedDateTime.now(ZoneOffset.UTC));

        assertThat(line).doesNotContain("\n").contains("\"evil\\x22 \\x22x\\x0Aforged 200 1\"", "\"a\\x5Cb\"")
                .contains(" 404 - ").endsWith("pool=- pid=- id=- trace=-").contains("wait=- urt=-");
        assertThat(line).containsPattern("^" + COMBINED + " rt=");
    }

    @Test
    void offUnlessTurnedOnAndAFileHoldsTheLinesAlone(@TempDir Path dir) throws Exception {
        AccessLog.start("");
        assertThat(Logger.getLogger(AccessLog.LOGGER + ".hello").isLoggable(Level.INFO)).isFalse();

        Path file = dir.resolve("access.log");
        AccessLog.start(file.toString());
        RequestTrace trace = new RequestTrace("id-1", "");
        trace.enteredPool("hello");
        AccessLog.record(request("GET", "/procgate/fcgi/hello/", null, Map.of(), null), 200, 13, trace, System.nanoTime());
        AccessLog.stop();

        assertThat(Files.readAllLines(file)).singleElement().asString()
                .startsWith("127.0.0.1 - - [").contains("\"GET /procgate/fcgi/hello/ HTTP/1.1\" 200 13", "pool=hello");
    }

    @Test
    void eachPoolLogsToItsOwnLoggerWhichTheServersLoggingMayTurnOnAlone() {
        AccessLog.start("");
        Logger search = Logger.getLogger(AccessLog.LOGGER + ".search");
        List<String> lines = new ArrayList<>();
        Handler collect = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        search.addHandler(collect);
        search.setUseParentHandlers(false);
        search.setLevel(Level.INFO);
        try {
            for (String pool : List.of("search", "hello")) {
                RequestTrace trace = new RequestTrace("id-" + pool, "");
                trace.enteredPool(pool);
                AccessLog.record(request("GET", "/procgate/api/records", "q=x", Map.of(), null), 200, 10, trace, System.nanoTime());
            }
        } finally {
            search.removeHandler(collect);
            search.setUseParentHandlers(true);
            search.setLevel(null);
        }
        assertThat(lines).singleElement().asString().contains("pool=search", "id=id-search");
    }

    @Test
    void aFileThatCannotBeWrittenLeavesTheLogOffWithoutFailing(@TempDir Path dir) {
        AccessLog.start(dir.resolve("missing/dir/access.log").toString());
        assertThat(Logger.getLogger(AccessLog.LOGGER).getLevel()).isEqualTo(Level.OFF);
    }

    /** A request with only what the access log reads (a stand-in for the server's). */
    private static HttpServletRequest request(String method, String uri, String query, Map<String, String> headers, String user) {
        Map<String, Object> values = Map.of("getMethod", method, "getRequestURI", uri, "getProtocol", "HTTP/1.1",
                "getRemoteAddr", "127.0.0.1");
        return (HttpServletRequest) Proxy.newProxyInstance(AccessLogTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getQueryString" -> query;
                    case "getRemoteUser" -> user;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> values.get(called.getName());
                });
    }
}
