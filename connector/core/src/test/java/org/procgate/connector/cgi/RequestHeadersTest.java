package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.settings.PoolSettings;

/** Request headers become HTTP_* variables as Apache's mod_cgi and nginx pass them; each rule once. */
class RequestHeadersTest {

    private static Map<String, String> variables(Set<String> allowList, boolean passAuthorization, String... headers) {
        ProgramRequest.Builder request = ProgramRequest.builder("GET", "/cgi-bin/x");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new MetaVariables(allowList, passAuthorization, Map.of()).build(request.build(), "/cgi-bin/x", "", null, null);
    }

    private static Map<String, String> byDefault(String... headers) {
        return variables(PoolSettings.ALL_HEADERS, false, headers);
    }

    @Test
    void headersProgramsRelyOnPassByDefault() {
        assertThat(byDefault("Git-Protocol", "version=2", "X-CSRF-Token", "t1", "X-XSRF-Token", "t2",
                "X-Api-Key", "k", "traceparent", "00-abc-def-01", "Accept", "*/*"))
                .containsEntry("HTTP_GIT_PROTOCOL", "version=2")
                .containsEntry("HTTP_X_CSRF_TOKEN", "t1")
                .containsEntry("HTTP_X_XSRF_TOKEN", "t2")
                .containsEntry("HTTP_X_API_KEY", "k")
                .containsEntry("HTTP_TRACEPARENT", "00-abc-def-01")
                .containsEntry("HTTP_ACCEPT", "*/*");
    }

    @Test
    void proxyNeverPasses() {
        assertThat(byDefault("Proxy", "http://evil.example:8080")).doesNotContainKey("HTTP_PROXY");
        assertThat(variables(Set.of("proxy"), true, "Proxy", "http://evil.example:8080")).doesNotContainKey("HTTP_PROXY");
    }

    @Test
    void hopByHopHeadersNeverPass() {
        assertThat(byDefault("Connection", "keep-alive", "Keep-Alive", "timeout=5", "TE", "trailers",
                "Trailer", "X-T", "Transfer-Encoding", "chunked", "Upgrade", "h2c", "Proxy-Connection", "close"))
                .doesNotContainKeys("HTTP_CONNECTION", "HTTP_KEEP_ALIVE", "HTTP_TE", "HTTP_TRAILER",
                        "HTTP_TRANSFER_ENCODING", "HTTP_UPGRADE", "HTTP_PROXY_CONNECTION");
    }

    @Test
    void headersTheConnectionHeaderNamesAreHopByHopToo() {
        assertThat(byDefault("Connection", "close, X-Hop", "X-Hop", "1", "X-End", "2"))
                .doesNotContainKey("HTTP_X_HOP").containsEntry("HTTP_X_END", "2");
    }

    @Test
    void credentialsPassOnlyWhenThePoolSaysSo() {
        assertThat(byDefault("Authorization", "Basic YTpi", "Proxy-Authorization", "Basic YzpK"))
                .doesNotContainKeys("HTTP_AUTHORIZATION", "HTTP_PROXY_AUTHORIZATION");
        assertThat(variables(PoolSettings.ALL_HEADERS, true, "Authorization", "Basic YTpi", "Proxy-Authorization", "Basic YzpK"))
                .containsEntry("HTTP_AUTHORIZATION", "Basic YTpi")
                .containsEntry("HTTP_PROXY_AUTHORIZATION", "Basic YzpK");
    }

    @Test
    void namesThatDoNotMapCleanlyAreDroppedNotMerged() {
        assertThat(byDefault("X_Api_Key", "smuggled", "X-Api-Key", "real", "X.Dot", "d", "Bad Name", "b"))
                .containsEntry("HTTP_X_API_KEY", "real")
                .doesNotContainKeys("HTTP_X.DOT", "HTTP_X_DOT", "HTTP_BAD_NAME");
    }

    @Test
    void contentHeadersAreTheirOwnVariables() {
        assertThat(byDefault("Content-Type", "text/plain", "Content-Length", "5"))
                .containsEntry("CONTENT_TYPE", "text/plain")
                .doesNotContainKeys("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH");
    }

    @Test
    void repeatedHeadersBecomeOneList() {
        assertThat(byDefault("Accept", "text/html", "Accept", "*/*", "Cookie", "a=1", "Cookie", "b=2"))
                .containsEntry("HTTP_ACCEPT", "text/html, */*")
                .containsEntry("HTTP_COOKIE", "a=1; b=2");
    }

    @Test
    void anAllowListNarrowsWhatPasses() {
        assertThat(variables(Set.of("accept"), false, "Accept", "*/*", "X-Api-Key", "k"))
                .containsEntry("HTTP_ACCEPT", "*/*").doesNotContainKey("HTTP_X_API_KEY");
    }

    @Test
    void noHeaderReplacesAVariableTheServerSets() {
        assertThat(byDefault("Host", "example.org")).containsEntry("HTTP_HOST", "example.org")
                .containsEntry("REQUEST_METHOD", "GET").containsEntry("SCRIPT_NAME", "/cgi-bin/x");
    }
}
