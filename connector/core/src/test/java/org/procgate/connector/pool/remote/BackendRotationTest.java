package org.procgate.connector.pool.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BackendRotationTest {

    private final AtomicLong now = new AtomicLong();
    private final Backend a = Backend.parse("127.0.0.1:9001");
    private final Backend b = Backend.parse("unix:/tmp/b.sock");

    @Test
    void backendsAreTakenInTurn() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, now::get);
        assertThat(List.of(rotation.acquire(), rotation.acquire(), rotation.acquire(), rotation.acquire())).containsExactly(a, b, a, b);
    }

    @Test
    void maxFailsWithinTheWindowTakeABackendOutForFailTimeout() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 2, Duration.ofSeconds(10), 10, now::get);
        rotation.failed(a);
        assertThat(rotation.isDown(a)).as("one failure of two allowed").isFalse();
        rotation.failed(a);
        assertThat(rotation.isDown(a)).isTrue();
        assertThat(List.of(rotation.acquire(), rotation.acquire(), rotation.acquire())).containsOnly(b);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(rotation.isDown(a)).isFalse();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 2, Duration.ofSeconds(10), 10, now::get);
        rotation.failed(a);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        rotation.failed(a);
        assertThat(rotation.isDown(a)).isFalse();
    }

    @Test
    void whenEveryBackendIsOutTheOneThatFailedFirstIsTried() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, now::get);
        rotation.failed(a);
        now.addAndGet(1_000);
        rotation.failed(b);
        assertThat(rotation.acquire()).isSameAs(a);
    }

    @Test
    void noBackendGetsMoreThanItsConnections() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 1, now::get);
        assertThat(rotation.capacity()).isEqualTo(2);
        assertThat(List.of(rotation.acquire(), rotation.acquire())).containsExactlyInAnyOrder(a, b);
        org.assertj.core.api.Assertions.assertThatThrownBy(rotation::acquire)
                .isInstanceOf(org.procgate.connector.api.ProgramException.class).hasMessageContaining("1 connection");
        rotation.release(a);
        assertThat(rotation.acquire()).isSameAs(a);
    }

    @Test
    void aDeadBackendsConnectionIsNotMovedOntoABusyOne() throws Exception {
        // one connection each; a is lost and out of rotation: its replacement must not queue on busy b
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 1, now::get);
        rotation.acquire();
        rotation.acquire();
        rotation.release(a);
        rotation.failed(a);
        org.assertj.core.api.Assertions.assertThatThrownBy(rotation::acquire)
                .isInstanceOf(org.procgate.connector.api.ProgramException.class);
    }

    @Test
    void addressesParse() {
        assertThat(Backend.parse("unix:/run/php.sock").toString()).isEqualTo("unix:/run/php.sock");
        assertThat(Backend.parse("/run/php.sock").toString()).isEqualTo("unix:/run/php.sock");
        assertThat(Backend.parse("[::1]:9000").toString()).isEqualTo("[::1]:9000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backend.parse("localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backend.parse("localhost:http"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }
}
