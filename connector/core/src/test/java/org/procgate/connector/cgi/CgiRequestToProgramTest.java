package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestTrace;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.cgi.CgiPool;

/** What of a request reaches a script, and what never does, against real scripts. */
class CgiRequestToProgramTest extends RealScriptTest {


    @TempDir
    Path dir;

    @BeforeEach
    void scripts() {
        root = TestPool.copyScripts(dir);
    }

    private ProgramResponse run(ProgramRequest request) throws ProgramException {
        try (CgiPool pool = config.open(root, executors)) {
            return pool.execute(request);
        }
    }

    private ScriptReport report(ProgramRequest.Builder request) throws ProgramException {
        return ScriptReport.of(run(request.build()));
    }

    private static ProgramRequest.Builder get(String path) {
        return ProgramRequest.builder("GET", "/cgi-bin").pathInfo(path);
    }

    @Test
    void everyRfc3875MetaVariableIsSet() throws Exception {
        ScriptReport report = report(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/env.py/extra/path")
                .queryString("a=1&b=%20").requestUri("/cgi-bin/env.py/extra/path?a=1&b=%20").protocol("HTTP/1.1")
                .header("Content-Type", "text/plain").body("hello".getBytes(StandardCharsets.UTF_8))
                .client(new ProgramRequest.Endpoint("10.0.0.9", "10.0.0.9", 40000))
                .server(new ProgramRequest.Endpoint("example.org", "10.0.0.1", 8443)).secure(true));

        assertThat(report.env()).containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
                .containsEntry("SERVER_SOFTWARE", MetaVariables.SERVER_SOFTWARE)
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("SERVER_NAME", "example.org")
                .containsEntry("SERVER_ADDR", "10.0.0.1")
                .containsEntry("SERVER_PORT", "8443")
                .containsEntry("REQUEST_METHOD", "POST")
                .containsEntry("REQUEST_SCHEME", "https")
                .containsEntry("HTTPS", "on")
                .containsEntry("REQUEST_URI", "/cgi-bin/env.py/extra/path?a=1&b=%20")
                .containsEntry("SCRIPT_NAME", "/cgi-bin/env.py")
                .containsEntry("SCRIPT_FILENAME", root.toRealPath().resolve("env.py").toString())
                .containsEntry("PATH_INFO", "/extra/path")
                .containsEntry("PATH_TRANSLATED", root.toRealPath() + "/extra/path")
                .containsEntry("QUERY_STRING", "a=1&b=%20")
                .containsEntry("REMOTE_ADDR", "10.0.0.9")
                .containsEntry("REMOTE_HOST", "10.0.0.9")
                .containsEntry("REMOTE_PORT", "40000")
                .containsEntry("CONTENT_LENGTH", "5")
                .containsEntry("CONTENT_TYPE", "text/plain");
        assertThat(report.body()).isEqualTo("hello");
        // no user signed in and no ident lookup, so RFC 3875 leaves these unset
        assertThat(report.env()).doesNotContainKeys("AUTH_TYPE", "REMOTE_USER", "REMOTE_IDENT");
    }

    @Test
    void theRequestsIdAndTraceContextReachTheScriptAndThePoolNotesWhoServedIt() throws Exception {
        String hop = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        RequestTrace trace = new RequestTrace("6f1c2a7e-0000-4000-8000-000000000001", hop);
        config.environment.put("REQUEST_ID", "from-the-configuration");
        ScriptReport report = report(get("/env.py").header("traceparent", "00-" + "1".repeat(32) + "-" + "2".repeat(16) + "-00")
                .trace(trace));

        assertThat(report.env()).containsEntry("REQUEST_ID", "6f1c2a7e-0000-4000-8000-000000000001")
                .as("the gateway's hop replaces the client's traceparent").containsEntry("HTTP_TRACEPARENT", hop);
        assertThat(trace.pool()).isEqualTo("test");
        assertThat(trace.pid()).as("the script's process").isPositive();
        assertThat(trace.waitNanos()).isNotNegative();
        assertThat(trace.programNanos()).isPositive();
        assertThat(trace.logPrefix()).isEqualTo("request 6f1c2a7e-0000-4000-8000-000000000001: ");
    }

    @Test
    void aRequestNobodyTracesHasNoIdVariable() throws Exception {
        config.environment.put("REQUEST_ID", "from-the-configuration");
        assertThat(report(get("/env.py")).env()).doesNotContainKeys("REQUEST_ID");
    }

    @Test
    void theUserTheServerSignedInReachesTheScript() throws Exception {
        ScriptReport report = report(get("/env.py").header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .remoteUser(new ProgramRequest.RemoteUser("alice", "BASIC")));
        assertThat(report.env()).containsEntry("REMOTE_USER", "alice").containsEntry("AUTH_TYPE", "Basic")
                .doesNotContainKey("HTTP_AUTHORIZATION");
    }

    @Test
    void theServersOwnEnvironmentNeverReachesAScript() throws Exception {
        assertThat(System.getenv()).isNotEmpty();
        config.environment = Map.of("APP_MODE", "test");
        ScriptReport report = report(get("/env.py"));

        Set<String> cgi = Set.of("GATEWAY_INTERFACE", "SERVER_SOFTWARE", "SERVER_PROTOCOL", "SERVER_NAME", "SERVER_ADDR",
                "SERVER_PORT", "REQUEST_METHOD", "REQUEST_SCHEME", "REQUEST_URI", "SCRIPT_NAME", "SCRIPT_FILENAME",
                "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "PATH", "APP_MODE",
                "LC_CTYPE"); // python -S may set LC_CTYPE itself (PEP 538)
        assertThat(cgi).containsAll(report.env().keySet());
        assertThat(report.env()).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin").containsEntry("APP_MODE", "test");
        for (String serverVariable : List.of("HOME", "USER", "JAVA_HOME", "MAVEN_OPTS", "PWD")) {
            assertThat(report.env()).doesNotContainKey(serverVariable);
        }
    }

    @Test
    void proxyHeaderNeverBecomesHttpProxy() throws ProgramException {
        config.headerAllowList = Set.of("proxy", "user-agent");
        ScriptReport report = report(get("/env.py").header("Proxy", "http://evil.example:8080").header("User-Agent", "t"));
        assertThat(report.env()).doesNotContainKey("HTTP_PROXY").containsEntry("HTTP_USER_AGENT", "t");
        assertThat(report.env().values()).noneMatch(v -> v.contains("evil.example"));
    }

    @Test
    void onlyAllowListedHeadersPassAndNamesWithUnderscoreAreDropped() throws ProgramException {
        config.headerAllowList = Set.of("accept", "x-api-key", "x_api_key");
        ScriptReport report = report(get("/env.py").header("Accept", "text/plain").header("X-Secret", "s")
                .header("X-Api-Key", "dash").header("X_Api_Key", "underscore").header("Cookie", "c=1"));
        assertThat(report.env()).containsEntry("HTTP_ACCEPT", "text/plain").containsEntry("HTTP_X_API_KEY", "dash")
                .doesNotContainKeys("HTTP_X_SECRET", "HTTP_COOKIE");
        assertThat(report.env().values()).doesNotContain("underscore");
    }

    @Test
    void requestHeadersNeverOverrideServerVariables() throws ProgramException {
        config.headerAllowList = Set.of("content-type", "content-length", "path");
        ScriptReport report = report(get("/env.py").header("Path", "/tmp/evil").header("Content-Length", "999"));
        assertThat(report.env()).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin").doesNotContainKey("CONTENT_LENGTH");
        assertThat(report.env().get("HTTP_PATH")).isEqualTo("/tmp/evil"); // data under its own name, harmless
    }

    @Test
    void authorizationPassesOnlyWhenThePoolEnablesIt() throws ProgramException {
        config.headerAllowList = Set.of("accept");
        assertThat(report(get("/env.py").header("Authorization", "Basic dTpw")).env()).doesNotContainKey("HTTP_AUTHORIZATION");
        config.passAuthorization = true;
        assertThat(report(get("/env.py").header("Authorization", "Basic dTpw")).env()).containsEntry("HTTP_AUTHORIZATION", "Basic dTpw");
    }

    @Test
    void shellshockHeaderValuesStayInertData() throws ProgramException {
        String attack = "() { :;}; echo; echo vulnerable";
        ProgramResponse response = run(get("/shellshock.sh").header("User-Agent", attack).build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("agent=" + attack + "\n");
    }

    @Test
    void queryStringNeverBecomesArgumentsByDefault() throws ProgramException {
        assertThat(report(get("/env.py").queryString("word1+word2")).argv()).isEmpty();
    }

    @Test
    void searchArgumentsPassOnlyWhenEnabledAndEveryWordMatches() throws ProgramException {
        config.searchArguments = true;
        assertThat(report(get("/env.py").queryString("word1+w%C3%B6rd")).argv()).isEmpty(); // ö is not in the pattern
        assertThat(report(get("/env.py").queryString("word1+word2")).argv()).containsExactly("word1", "word2");
        assertThat(report(get("/env.py").queryString("-s")).argv()).isEmpty();
        assertThat(report(get("/env.py").queryString("a+%2Dd+b")).argv()).isEmpty();
        assertThat(report(get("/env.py").queryString("a+%3Bid")).argv()).isEmpty();
        assertThat(report(get("/env.py").queryString("a=b")).argv()).isEmpty();
    }

    @Test
    void pathInfoIsSplitFromTheScriptAndDecodedOnce() throws ProgramException {
        ScriptReport report = report(get("/env.py/a%20b/%2541/c%0Ad"));
        assertThat(report.env()).containsEntry("SCRIPT_NAME", "/cgi-bin/env.py")
                .containsEntry("PATH_INFO", "/a b/%41/c\\nd"); // %25 decodes to '%' only; the newline stays data
        assertThat(report(get("/env.py")).env()).doesNotContainKeys("PATH_INFO", "PATH_TRANSLATED");
        assertThat(report(get("/env.py/")).env()).containsEntry("PATH_INFO", "/");
        ProgramResponse inner = run(get("/sub/inner.sh/x/y").build());
        assertThat(inner.bodyText()).isEqualTo("inner /cgi-bin/sub/inner.sh|/x/y\n");
    }

    @Test
    void veryLongHeadersReachTheScriptIntact() throws ProgramException {
        config.headerAllowList = Set.of("x-long");
        String value = "v".repeat(100_000);
        assertThat(report(get("/env.py").header("X-Long", value)).env()).containsEntry("HTTP_X_LONG", value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.hidden.sh", "/hello.sh~", "/hello.sh.bak", "/%23hello.sh%23", "/plain.txt", "/no-such.sh",
            "/sub", "/sub/", "/", "/%2Ehidden.sh"})
    void refusedScriptsAre404(String path) {
        assertFailure(get(path), Failure.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../cgi-bin/hello.sh", "/sub/../hello.sh", "/%2E%2E/etc/passwd", "/sub%2Finner.sh",
            "/sub%2F..%2Fhello.sh", "/hello.sh%00.txt", "/hello.sh/../../etc", "/hello.sh/./x", "/%zz"})
    void traversalAndEncodedSeparatorsAre400(String path) {
        assertFailure(get(path), Failure.BAD_REQUEST);
    }

    @Test
    void symlinksMayNotLeaveTheScriptRoot() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = Files.copy(root.resolve("hello.sh"), outside.resolve("evil.sh"));
        Files.createSymbolicLink(root.resolve("evil.sh"), target);
        Files.createSymbolicLink(root.resolve("evil-dir"), outside);
        Files.createSymbolicLink(root.resolve("alias.sh"), root.resolve("hello.sh"));

        assertFailure(get("/evil.sh"), Failure.NOT_FOUND);
        assertFailure(get("/evil-dir/evil.sh"), Failure.NOT_FOUND);
        assertThat(run(get("/alias.sh").build()).bodyText()).isEqualTo("hello from sh\n");
    }

    @Test
    void scriptSourceIsNeverServed() throws Exception {
        assertFailure(get("/plain.txt"), Failure.NOT_FOUND);
        ProgramResponse response = run(get("/hello.sh").build());
        assertThat(response.bodyText()).doesNotContain("printf");
    }

    @Test
    void methodsOutsideTheAllowListAre405WithAllow() {
        ProgramException e = assertFailure(ProgramRequest.builder("DELETE", "/cgi-bin").pathInfo("/hello.sh"),
                Failure.METHOD_NOT_ALLOWED);
        assertThat(e.headers()).containsExactly(new Header("Allow", "GET, HEAD, POST"));
        config.allowedMethods = Set.of("get", "put");
        assertFailure(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/hello.sh"), Failure.METHOD_NOT_ALLOWED);
    }

    @Test
    void headRunsTheScriptButAnswersNoBody() throws ProgramException {
        ProgramResponse response = run(ProgramRequest.builder("HEAD", "/cgi-bin").pathInfo("/hello.sh").build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValue("text/plain");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void bodyOverTheCapIs413AndTheScriptNeverStarts() throws Exception {
        config.maxRequestBodyBytes = 10;
        config.environment = Map.of("PIDDIR", dir.toString());
        assertFailure(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/marker.sh").body(new byte[11]), Failure.REQUEST_TOO_LARGE);
        assertThat(dir.resolve("marker-ran")).doesNotExist();
        run(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/marker.sh").body(new byte[10]).build());
        assertThat(dir.resolve("marker-ran")).exists();
    }

    @Test
    void bodyReachesStdinWhole() throws ProgramException {
        byte[] body = new byte[3 * 1024 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        ProgramResponse response = run(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/echo.sh").body(body).build());
        assertThat(response.body()).isEqualTo(body);
    }

    private ProgramException assertFailure(ProgramRequest.Builder request, Failure failure) {
        Throwable thrown = catchThrowable(() -> run(request.build()));
        assertThat(thrown).isInstanceOf(ProgramException.class);
        assertThat(((ProgramException) thrown).failure()).as(thrown.getMessage()).isEqualTo(failure);
        return (ProgramException) thrown;
    }
}
