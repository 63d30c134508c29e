package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.cgi.CgiPool;

/** What a script's output becomes for the client, case by case, against real scripts: respond.sh answers one case per query string. */
class CgiProgramToResponseTest extends RealScriptTest {

    private ProgramResponse respond(String script, String query) throws ProgramException {
        try (CgiPool pool = config.open(root, executors)) {
            return pool.execute(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/" + script).queryString(query).build());
        }
    }

    private ProgramException failure(String script, String query) {
        Throwable thrown = catchThrowable(() -> respond(script, query));
        assertThat(thrown).isInstanceOf(ProgramException.class);
        return (ProgramException) thrown;
    }

    @Test
    void statusHeaderSetsTheCode() throws ProgramException {
        ProgramResponse response = respond("respond.sh", "status");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Status")).isEmpty();
        assertThat(response.bodyText()).isEqualTo("gone\n");
    }

    @Test
    void localLocationIsAClientRedirect() throws ProgramException {
        ProgramResponse response = respond("respond.sh", "redirect");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).hasValue("/cgi-bin/hello.sh");
        assertThat(response.bodyText()).isEmpty(); // not fetched internally: no way around access rules
    }

    @Test
    void absoluteLocationKeepsAnExplicitStatus() throws ProgramException {
        ProgramResponse response = respond("respond.sh", "redirect-abs");
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("Location")).hasValue("http://example.org/x");
    }

    @Test
    void documentResponseIs200WithItsType() throws ProgramException {
        ProgramResponse response = respond("respond.sh", "type-only");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValue("text/html");
        assertThat(response.bodyText()).isEqualTo("<p>hi</p>");
    }

    @Test
    void bodyLongerThanContentLengthIsCut() throws ProgramException {
        assertThat(respond("respond.sh", "long-body").bodyText()).isEqualTo("01234");
    }

    @Test
    void bodyShorterThanContentLengthIs502NeverAShort200() {
        assertThat(failure("respond.sh", "short-body").failure()).isEqualTo(Failure.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-headers", "no-blank", "cr-in-value", "no-colon", "bad-name", "folded", "huge-header",
            "two-status", "bad-status"})
    void malformedHeadersAre502(String query) {
        ProgramException e = failure("respond.sh", query);
        assertThat(e.failure()).as(e.getMessage()).isEqualTo(Failure.PROTOCOL_ERROR);
        assertThat(e.failure().httpStatus()).isEqualTo(502);
    }

    @Test
    void outputOverTheCapIs502AndTheScriptIsStopped() {
        config.maxResponseBytes = 64 * 1024;
        long start = System.nanoTime();
        ProgramException e = failure("respond.sh", "flood");
        assertThat(e.failure()).isEqualTo(Failure.PROTOCOL_ERROR);
        assertThat(e.getMessage()).contains("over the cap");
        assertThat(System.nanoTime() - start).isLessThan(config.requestTimeout.toNanos()); // not left to time out
    }

    @Test
    void stderrGoesToTheLogNeverIntoTheResponse() throws ProgramException {
        ProgramResponse response = respond("respond.sh", "stderr");
        assertThat(response.bodyText()).isEqualTo("fine\n");
        assertThat(response.headers().toString()).doesNotContain("secret");
    }

    @Test
    void aNonZeroExitAfterAValidAnswerStillAnswers() throws ProgramException {
        assertThat(respond("respond.sh", "exit-after").bodyText()).isEqualTo("answered\n");
    }

    @Test
    void withoutDebugAFailureShowsNothingOfStderr() {
        ProgramException e = failure("respond.sh", "crash");
        assertThat(e.failure()).isEqualTo(Failure.PROTOCOL_ERROR);
        assertThat(e.getMessage()).doesNotContain("Traceback").doesNotContain("alert");
    }

    @Test
    void debugModeAnswersAnEscapedPageWithStderr() throws ProgramException {
        config.debug = true;
        ProgramResponse page = respond("respond.sh", "crash");
        assertThat(page.status()).isEqualTo(502);
        assertThat(page.header("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(page.bodyText()).contains("Traceback: &lt;script&gt;alert(1)&lt;/script&gt; went wrong")
                .doesNotContain("<script>");
    }

    @Test
    void debugModeDoesNotChangeGoodAnswers() throws ProgramException {
        config.debug = true;
        assertThat(respond("respond.sh", "stderr").bodyText()).isEqualTo("fine\n");
    }

    @Test
    void nphIsOffByDefault() {
        assertThat(failure("nph-status.sh", "").failure()).isEqualTo(Failure.PROTOCOL_ERROR);
    }

    @Test
    void nphStatusLineIsParsedWhenEnabled() throws ProgramException {
        config.nph = true;
        ProgramResponse response = respond("nph-status.sh", "");
        assertThat(response.status()).isEqualTo(418);
        assertThat(response.header("Content-Type")).hasValue("text/plain");
        assertThat(response.bodyText()).isEqualTo("short and stout\n");
    }

    @Test
    void nphHeadersAreStillValidated() {
        config.nph = true;
        assertThat(failure("nph-status.sh", "bad").failure()).isEqualTo(Failure.PROTOCOL_ERROR);
        assertThat(failure("nph-status.sh", "garbage").failure()).isEqualTo(Failure.PROTOCOL_ERROR);
    }

    @Test
    void nphOnlyAppliesToNphScripts() throws ProgramException {
        config.nph = true;
        assertThat(respond("respond.sh", "status").status()).isEqualTo(404);
    }
}
