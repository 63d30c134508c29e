package org.procgate.gateway.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which local redirects the gateway follows: only to its own mounts, in this application. */
class LocalRedirectTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/procgate/cgi-bin/b.py              | cgi-bin | /cgi-bin     | /b.py     | ''",
            "/procgate/cgi-bin/b.py/x%20y?q=1&r  | cgi-bin | /cgi-bin     | /b.py/x%20y | q=1&r",
            "/procgate/cgi/tools/a.sh?x#frag     | tools   | /cgi/tools   | /a.sh     | x",
            "/procgate/fcgi/env/                 | env     | /fcgi/env    | /         | ''",
    })
    void aPathUnderAGatewayMountIsFollowed(String location, String pool, String mount, String pathInfo, String query) {
        LocalRedirect redirect = LocalRedirect.of(location, "/procgate", "cgi-bin");
        assertThat(redirect).isNotNull();
        assertThat(redirect.route()).isEqualTo(new GatewayRoute(pool, mount, pathInfo));
        assertThat(redirect.query()).isEqualTo(query);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/procgate/admin/api/pools", "/procgate/admin/", "/procgate/api/records?q=x", "/procgate/", "/procgate",
            "/cgi-bin/b.py", "/other-app/cgi-bin/b.py", "/procgatex/cgi-bin/b.py",
            "/procgate/cgi-bin/../admin/api/pools", "/procgate/cgi-bin/%2e%2e/admin/api/pools",
            "/procgate/cgi-bin/./b.py", "/procgate/cgi-bin/a%2Fb.py", "/procgate/cgi-bin/a%5Cb.py", "/procgate/cgi-bin/%zz",
            "/procgate/%63gi-bin/b.py", "/procgate/cgi/", "/procgate/fcgi//x",
    })
    void anyOtherPathIsNot(String location) {
        assertThat(LocalRedirect.of(location, "/procgate", "cgi-bin")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cgi-bin/b.py", "/fcgi/env/x"})
    void inTheRootContextMountsAreAtTheTop(String location) {
        assertThat(LocalRedirect.of(location, "", "cgi-bin")).isNotNull();
    }
}
