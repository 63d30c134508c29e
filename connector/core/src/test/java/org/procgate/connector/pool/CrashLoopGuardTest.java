package org.procgate.connector.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;

class CrashLoopGuardTest {

    private final AtomicLong now = new AtomicLong();
    private final CrashLoopGuard guard = new CrashLoopGuard("p", now::get);

    @Test
    void theFirstFailuresRetryAtOnce() {
        guard.failed("exit 1");
        guard.failed("exit 1");
        assertThatCode(guard::checkStart).doesNotThrowAnyException();
        assertThat(guard.state(1)).isEqualTo(PoolStatus.State.DEGRADED);
    }

    @Test
    void repeatedFailuresBackOffDoublingAndFailFastWithTheReason() {
        for (int i = 0; i < 3; i++) {
            guard.failed("binary missing");
        }
        assertThatThrownBy(guard::checkStart).isInstanceOf(ProgramException.class)
                .hasMessageContaining("binary missing")
                .satisfies(e -> assertThat(((ProgramException) e).failure()).isEqualTo(Failure.UNAVAILABLE));
        assertThat(guard.state(0)).isEqualTo(PoolStatus.State.FAILED);
        assertThat(guard.reason()).isEqualTo("binary missing");

        now.addAndGet(CrashLoopGuard.FIRST_BACKOFF.toNanos());
        assertThatCode(guard::checkStart).doesNotThrowAnyException();

        guard.failed("binary missing");
        now.addAndGet(CrashLoopGuard.FIRST_BACKOFF.toNanos());
        assertThatThrownBy(guard::checkStart).as("second backoff is twice the first").isInstanceOf(ProgramException.class);
        now.addAndGet(CrashLoopGuard.FIRST_BACKOFF.toNanos());
        assertThatCode(guard::checkStart).doesNotThrowAnyException();
    }

    @Test
    void aRefusalDuringTheBackoffSaysWhenToComeBack() {
        for (int i = 0; i < 20; i++) {
            guard.failed("crash");
        }
        // the backoff is at its cap; 12.3 s of it have passed
        now.addAndGet(CrashLoopGuard.MAX_BACKOFF.toNanos() - 17_700_000_000L);
        assertThatThrownBy(guard::checkStart).isInstanceOfSatisfying(ProgramException.class,
                e -> assertThat(e.headers()).containsExactly(new Header("Retry-After", "18")));
    }

    @Test
    void backoffIsCapped() {
        for (int i = 0; i < 40; i++) {
            guard.failed("crash");
        }
        now.addAndGet(CrashLoopGuard.MAX_BACKOFF.toNanos());
        assertThatCode(guard::checkStart).doesNotThrowAnyException();
    }

    @Test
    void aSuccessfulStartClearsEverything() {
        for (int i = 0; i < 5; i++) {
            guard.failed("crash");
        }
        guard.started();
        assertThatCode(guard::checkStart).doesNotThrowAnyException();
        assertThat(guard.state(0)).isEqualTo(PoolStatus.State.RUNNING);
        assertThat(guard.reason()).isEmpty();
    }
}
