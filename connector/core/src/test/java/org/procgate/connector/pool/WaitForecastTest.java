package org.procgate.connector.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramException;

class WaitForecastTest {

    private static final long MS = 1_000_000L;

    private final AtomicInteger workers = new AtomicInteger(4);
    private final WaitForecast forecast = new WaitForecast(Duration.ofMillis(500), workers::get);

    @Test
    void refusesNothingUntilEnoughRequestsWereMeasured() {
        for (int i = 0; i < WaitForecast.WINDOW - 1; i++) {
            forecast.held(20 * MS);
        }
        assertThat(forecast.waitFor(10_000)).isZero();
        assertThatCode(() -> forecast.admit("steady", 10_000)).doesNotThrowAnyException();
    }

    @Test
    void theWaitIsTheQueueAheadTimesTheHoldTimeSharedAmongTheWorkers() {
        warm(20 * MS);
        // 99 ahead and this one, 20 ms each, on 4 workers
        assertThat(forecast.waitFor(99)).isEqualTo(Duration.ofMillis(500));
        workers.set(8);
        assertThat(forecast.waitFor(99)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRequestThatWouldWaitPastTheBorrowWaitIsRefusedAtOnceWithWhenToComeBack() {
        warm(20 * MS);
        assertThatCode(() -> forecast.admit("steady", 99)).doesNotThrowAnyException();
        assertThatThrownBy(() -> forecast.admit("steady", 100))
                .isInstanceOfSatisfying(ProgramException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.OVERLOADED);
                    assertThat(e.getMessage()).contains("pool steady", "100 requests are waiting", "505 ms");
                    assertThat(e.headers()).containsExactly(new Header("Retry-After", "1"));
                });
    }

    @Test
    void retryAfterIsTheForecastInWholeSecondsRoundedUp() {
        warm(1000 * MS);
        ProgramException refusal = forecast.overloaded("busy", 10, null);
        // 11 requests of a second each on 4 workers: 2.75 s
        assertThat(refusal.headers()).containsExactly(new Header("Retry-After", "3"));
        assertThat(WaitForecast.retryAfter(Duration.ZERO).value()).isEqualTo("1");
        assertThat(WaitForecast.retryAfter(Duration.ofMillis(30_001)).value()).isEqualTo("31");
    }

    @Test
    void theHoldTimeIsTheMeanOfTheRecentRequests() {
        warm(20 * MS);
        // one slow request moves the mean by its share of the window only
        forecast.held(20 * MS + WaitForecast.WINDOW * 40 * MS);
        assertThat(forecast.waitFor(3)).isEqualTo(Duration.ofMillis(60));
        warm(100 * MS);
        assertThat(forecast.waitFor(3)).isEqualTo(Duration.ofMillis(100));
    }

    private void warm(long nanos) {
        for (int i = 0; i < WaitForecast.WINDOW; i++) {
            forecast.held(nanos);
        }
    }
}
