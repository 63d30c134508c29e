package org.procgate.connector.pool.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.BackendStatus;

class BackendRotationTest {

    private final AtomicLong now = new AtomicLong();
    private final Backend a = Backend.parse("127.0.0.1:9001");
    private final Backend b = Backend.parse("unix:/tmp/b.sock");

    @Test
    void equallyLoadedBackendsAreTakenInTurn() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, now::get);
        List<Backend> taken = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Backend backend = rotation.acquire();
            taken.add(backend);
            rotation.release(backend);
        }
        assertThat(taken).containsExactly(a, b, a, b);
    }

    @Test
    void aRequestGoesToTheBackendWithTheFewestInFlight() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, now::get);
        // a holds three requests (a slow backend keeps its requests), b finishes each at once
        rotation.acquire();
        rotation.acquire();
        rotation.acquire();
        rotation.acquire();
        assertThat(rotation.status()).extracting(BackendStatus::outstanding).containsExactly(2, 2);
        rotation.release(b);
        rotation.release(b);
        for (int i = 0; i < 5; i++) {
            Backend next = rotation.acquire();
            assertThat(next).as("request " + i).isSameAs(b);
            rotation.release(next);
        }
        assertThat(rotation.status()).extracting(BackendStatus::share).containsExactly(2 / 9.0, 7 / 9.0);
    }

    @Test
    void weightsShareTheTurnsAndTheLoad() throws Exception {
        Backend heavy = Backend.parse("127.0.0.1:9003 weight=3");
        BackendRotation rotation = new BackendRotation(List.of(a, heavy), 1, Duration.ofSeconds(10), 100, now::get);
        java.util.Map<Backend, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < 400; i++) {
            Backend next = rotation.acquire();
            counts.merge(next, 1, Integer::sum);
            rotation.release(next);
        }
        assertThat(counts).containsEntry(heavy, 300).containsEntry(a, 100);
        // held, not released: three on the heavy one for each on the light one
        for (int i = 0; i < 40; i++) {
            rotation.acquire();
        }
        assertThat(rotation.status()).extracting(BackendStatus::outstanding).containsExactly(10, 30);
    }

    @Test
    void aRequestWaitsForRoomBoundedAndGetsItWhenAPlaceIsFreed() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a), 1, Duration.ofSeconds(10), 1, now::get);
        rotation.acquire();
        java.util.concurrent.CompletableFuture<Backend> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return rotation.acquire(null, Duration.ofSeconds(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        rotation.release(a);
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isSameAs(a);
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rotation.acquire(null, Duration.ofMillis(200)))
                .isInstanceOf(org.procgate.connector.api.ProgramException.class);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void fallFailedChecksTakeABackendOutAndRisePassesBringItBack() throws Exception {
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, 3, 2, now::get);
        long before = rotation.generation(a);
        rotation.checked(a, check(false));
        rotation.checked(a, check(false));
        assertThat(rotation.isDown(a)).as("two failed checks of three").isFalse();
        rotation.checked(a, check(false));
        assertThat(rotation.isDown(a)).isTrue();
        assertThat(rotation.generation(a)).as("connections made before are not used again").isGreaterThan(before);
        assertThat(rotation.status().get(0).state()).isEqualTo("down: checks");
        assertThat(rotation.status().get(0).lastCheck().passed()).isFalse();
        assertThat(List.of(rotation.acquire(), rotation.acquire())).containsOnly(b);
        rotation.checked(a, check(true));
        assertThat(rotation.isDown(a)).as("one pass of two").isTrue();
        rotation.checked(a, check(true));
        assertThat(rotation.isDown(a)).isFalse();
        assertThat(rotation.status().get(0).lastCheck().detail()).isEqualTo("ok");
    }

    @Test
    void aSessionKeepsItsBackendWhileItIsUpAndOthersKeepTheirsWhenItLeaves() throws Exception {
        Backend c = Backend.parse("127.0.0.1:9004");
        BackendRotation rotation = new BackendRotation(List.of(a, b, c), 1, Duration.ofSeconds(10), 100, now::get);
        java.util.Map<String, Backend> owners = new java.util.HashMap<>();
        for (int i = 0; i < 60; i++) {
            owners.put("session" + i, rotation.acquire("session" + i, Duration.ZERO));
        }
        assertThat(new java.util.HashSet<>(owners.values())).as("sessions spread over every backend").hasSize(3);
        for (int i = 0; i < 60; i++) {
            assertThat(rotation.acquire("session" + i, Duration.ZERO)).isSameAs(owners.get("session" + i));
        }
        rotation.failed(c);
        for (int i = 0; i < 60; i++) {
            Backend now = rotation.acquire("session" + i, Duration.ZERO);
            if (owners.get("session" + i) != c) {
                assertThat(now).as("a session on a backend still up stays there").isSameAs(owners.get("session" + i));
            } else {
                assertThat(now).isNotSameAs(c);
            }
        }
    }

    @Test
    void backendsANameNoLongerHasLeaveOnceTheirRequestsEnd() throws Exception {
        Backend c = Backend.parse("127.0.0.1:9004");
        BackendRotation rotation = new BackendRotation(List.of(a, b), 1, Duration.ofSeconds(10), 10, now::get);
        Backend busy = rotation.acquire();
        rotation.update(List.of(b == busy ? a : b, c));
        assertThat(rotation.backends()).as("the removed one drains").hasSize(3);
        assertThat(rotation.status()).extracting(BackendStatus::state).contains("removed");
        for (int i = 0; i < 4; i++) {
            assertThat(rotation.acquire()).isNotSameAs(busy);
        }
        rotation.release(busy);
        assertThat(rotation.backends()).doesNotContain(busy).contains(c);
    }

    private static BackendStatus.HealthCheck check(boolean passed) {
        return new BackendStatus.HealthCheck(java.time.Instant.now(), passed, 1, passed ? "ok" : "refused");
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
        assertThat(Backend.parse("127.0.0.1:9000 weight=3").weight()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backend.parse("127.0.0.1:9000 weight=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backend.parse("localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backend.parse("localhost:http"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }
}
