package org.procgate.connector.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.procgate.connector.protocol.ProtocolException;

class NphStatusLineTest {

    @Test
    void nphStatusLineBecomesAStatusHeader() throws ProtocolException {
        assertThat(new String(NphStatusLine.asStatusHeader("HTTP/1.0 404 Not Found\r")))
                .isEqualTo("Status: 404 Not Found\n");
        assertThat(new String(NphStatusLine.asStatusHeader("HTTP/1.1 204"))).isEqualTo("Status: 204\n");
    }

    @Test
    void anythingElseIsRefused() {
        for (String line : new String[] {"HTTP/2 200 OK", "HTTP/1.1 99 Low", "HTTP/1.1 200 OK\u0001", "Status: 200"}) {
            assertThatThrownBy(() -> NphStatusLine.asStatusHeader(line)).isInstanceOf(ProtocolException.class);
        }
    }
}
