package org.procgate.connector.pool.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Header;
import org.procgate.connector.pool.RecordingSink;

class LearnedSessionsTest {

    private final Backend a = Backend.parse("127.0.0.1:9001");
    private final Backend b = Backend.parse("127.0.0.1:9002");

    @Test
    void aSessionGoesBackToTheBackendThatSetItsCookie() throws Exception {
        LearnedSessions sessions = new LearnedSessions("PHPSESSID");
        RecordingSink client = new RecordingSink();
        sessions.watching(client, () -> b).head(200, List.of(new Header("Content-Type", "text/html"),
                new Header("Set-Cookie", "theme=dark; path=/"), new Header("set-cookie", "PHPSESSID=s3ss10n; path=/; HttpOnly")));
        assertThat(client.status()).as("the answer passes on unchanged").isEqualTo(200);
        assertThat(client.header("Set-Cookie")).isNotNull();
        assertThat(sessions.ownerOf("s3ss10n")).isSameAs(b);
        assertThat(sessions.ownerOf("dark")).isNull();
        assertThat(sessions.ownerOf(null)).isNull();

        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, System::nanoTime);
        for (int i = 0; i < 5; i++) {
            assertThat(rotation.acquire("s3ss10n", sessions.ownerOf("s3ss10n"), Duration.ZERO)).isSameAs(b);
        }
        rotation.failed(b);
        assertThat(rotation.acquire("s3ss10n", sessions.ownerOf("s3ss10n"), Duration.ZERO))
                .as("its backend out of rotation: another one rather than none").isSameAs(a);
    }

    @Test
    void aDeletedCookieOrNoBackendTeachesNothing() throws Exception {
        LearnedSessions sessions = new LearnedSessions("PHPSESSID");
        sessions.watching(new RecordingSink(), () -> a).head(200, List.of(new Header("Set-Cookie", "PHPSESSID=deleted; Max-Age=0")));
        sessions.watching(new RecordingSink(), () -> null).head(200, List.of(new Header("Set-Cookie", "PHPSESSID=x")));
        assertThat(sessions.ownerOf("deleted")).isNull();
        assertThat(sessions.ownerOf("x")).isNull();
    }
}
