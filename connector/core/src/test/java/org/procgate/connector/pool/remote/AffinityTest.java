package org.procgate.connector.pool.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.ProgramRequest;

class AffinityTest {

    private static ProgramRequest.Builder request() {
        return ProgramRequest.builder("GET", "").pathInfo("/index.php");
    }

    @Test
    void theKeyIsTheNamedCookiesValue() {
        Affinity affinity = Affinity.of("cookie:PHPSESSID");
        assertThat(affinity.keyOf(request().header("Cookie", "theme=dark; PHPSESSID=abc123; lang=en").build()))
                .isEqualTo("abc123");
        assertThat(affinity.keyOf(request().header("Cookie", "XPHPSESSID=zzz").build())).isNull();
        assertThat(affinity.keyOf(request().header("Cookie", "PHPSESSID=").build())).isNull();
        assertThat(affinity.keyOf(request().build())).as("no cookie: balanced as any request").isNull();
    }

    @Test
    void byClientTheKeyIsItsAddressAndNoneHasNoKey() {
        ProgramRequest fromClient = request().client(new ProgramRequest.Endpoint("client.example", "192.0.2.7", 50000)).build();
        assertThat(Affinity.of("client").keyOf(fromClient)).isEqualTo("192.0.2.7");
        assertThat(Affinity.of("none").keyOf(fromClient)).isNull();
    }
}
