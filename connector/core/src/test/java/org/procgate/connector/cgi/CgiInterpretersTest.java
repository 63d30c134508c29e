package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.cgi.CgiPool;

/** Real interpreters as CGI: Python, Perl and sh by their #! line, php-cgi as a pool's interpreter. */
class CgiInterpretersTest extends RealScriptTest {

    private ProgramResponse run(ProgramRequest request) throws ProgramException {
        try (CgiPool pool = config.open(root, executors)) {
            return pool.execute(request);
        }
    }

    private void usePhpCgi() {
        config.command = List.of("/usr/bin/php-cgi");
        config.environment = Map.of("REDIRECT_STATUS", "200");
    }

    @Test
    void python() throws ProgramException {
        ProgramResponse response = run(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.py").build());
        assertThat(response.header("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(response.bodyText()).isEqualTo("hello from python\n");
    }

    @Test
    void perlReadsItsBody() throws ProgramException {
        ProgramResponse response = run(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/hello.pl")
                .body("a=1".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(response.header("X-Method")).hasValue("POST");
        assertThat(response.bodyText()).isEqualTo("hello from perl: a=1\n");
    }

    @Test
    void shell() throws ProgramException {
        assertThat(run(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.sh").build()).bodyText())
                .isEqualTo("hello from sh\n");
    }

    @Test
    void phpCgiAnswersWithPathInfoAndBody() throws ProgramException {
        usePhpCgi();
        ProgramResponse response = run(ProgramRequest.builder("POST", "/cgi-bin").pathInfo("/hello.php/some/where")
                .header("Content-Type", "text/plain").body("posted".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Powered")).hasValue("procgate-test");
        assertThat(response.header("Content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.bodyText()).isEqualTo("hello from php /some/where posted\n");
    }

    @Test
    void phpCgiStatusAndRedirect() throws ProgramException {
        usePhpCgi();
        ProgramResponse missing = run(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.php").queryString("case=missing").build());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.bodyText()).isEqualTo("no such thing\n");
        ProgramResponse redirect = run(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.php").queryString("case=redirect").build());
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).hasValue("/elsewhere");
    }

    @Test
    void phpCgiOptionsFromTheQueryNeverApply() throws ProgramException {
        usePhpCgi();
        config.searchArguments = true; // even with RFC 3875 search arguments on, "-s" is refused
        for (String query : List.of("-s", "%2Ds", "-d+auto_prepend_file%3D/etc/passwd")) {
            ProgramResponse response = run(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.php").queryString(query).build());
            assertThat(response.bodyText()).as(query).startsWith("hello from php").doesNotContain("<?php").doesNotContain("root:");
        }
    }

    @Test
    void phpCgiWithoutRedirectStatusRefusesAndThatIs502() {
        config.command = List.of("/usr/bin/php-cgi");
        Throwable thrown = catchThrowable(() -> run(ProgramRequest.builder("GET", "/cgi-bin").pathInfo("/hello.php").build()));
        assertThat(thrown).isInstanceOf(ProgramException.class);
        assertThat(((ProgramException) thrown).failure()).isEqualTo(Failure.PROTOCOL_ERROR);
    }
}
