package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CGI engine through the deployed gateway: what only the server adds (405 with Allow, HEAD,
 * the debug page versus problem+json, redirects and statuses as HTTP, php-cgi as configured in a
 * pool definition). The cases themselves are proven in connector/core's tests.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CgiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ProcgateWar.archive();
    }

    @ArquillianResource
    URL url;

    /** Loopback only, whatever address the container reported. */
    private Http http() {
        return new Http(url);
    }

    @Test
    void responseTypesBecomeHttp() {
        HttpResponse<String> status = http().get("cgi/test-scripts/respond.sh?status");
        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(status.body()).isEqualTo("gone\n");
        HttpResponse<String> redirect = http().get("cgi/test-scripts/respond.sh?redirect");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/cgi-bin/hello.sh"));
        HttpResponse<String> cut = http().get("cgi/test-scripts/respond.sh?long-body");
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).isEqualTo("01234");
    }

    @Test
    void malformedOutputIs502WithoutStderr() {
        for (String query : new String[] {"cr-in-value", "short-body", "crash"}) {
            HttpResponse<String> response = http().get("cgi/test-scripts/respond.sh?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(response.body()).doesNotContain("Traceback").doesNotContain("alert");
        }
    }

    @Test
    void debugPoolShowsAnEscapedPageWithStderr() {
        HttpResponse<String> response = http().get("cgi/test-debug/respond.sh?crash");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");

        HttpResponse<String> timeout = http().get("cgi/test-debug/spin.sh");
        assertThat(timeout.statusCode()).isEqualTo(504);
        assertThat(timeout.body()).contains("did not finish");
    }

    @Test
    void methodsOutsideTheAllowListAre405WithAllow() {
        HttpResponse<String> delete = http().send("DELETE", "cgi/test-scripts/hello.sh", null);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        HttpResponse<String> post = http().send("POST", "cgi/test-debug/hello.sh", "x");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, PUT");
        assertThat(http().send("PUT", "cgi/test-debug/hello.sh", "x").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersHeadersOnly() {
        HttpResponse<String> head = http().send("HEAD", "cgi/test-scripts/hello.sh", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void nphScriptInAnNphPool() {
        HttpResponse<String> response = http().get("cgi/test-debug/nph-status.sh");
        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.body()).isEqualTo("short and stout\n");
        assertThat(http().get("cgi/test-scripts/nph-status.sh").statusCode()).isEqualTo(502);
    }

    @Test
    void phpCgiPool() {
        HttpResponse<String> response = http().send("POST", "cgi/test-php/hello.php/p/i?-s", "body");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from php /p/i body\n");
        assertThat(http().get("cgi/test-php/hello.php?case=missing").statusCode()).isEqualTo(404);
    }

    @Test
    void requestHeadersReachScriptsAsApacheAndNginxPassThem() {
        HttpResponse<String> response = http().get("cgi/test-scripts/env.py/x%0Ay", "Proxy", "http://evil.example",
                "X-Api-Key", "k3y", "Authorization", "Basic Zm9vOmJhcg==", "User-Agent", "() { :;}; echo pwned");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("HTTP_PROXY").doesNotContain("evil.example")
                .doesNotContain("HTTP_AUTHORIZATION").doesNotContain("Zm9vOmJhcg")
                .contains("env:HTTP_X_API_KEY=k3y")
                .contains("env:HTTP_USER_AGENT=() { :;}; echo pwned").contains("env:PATH_INFO=/x\\ny");
    }
}
