package org.procgate.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void theSlopeIsFittedOverTheSamplesAfterTheWarmUpOnly() {
        List<Sample> samples = new ArrayList<>();
        for (int second = 0; second < 600; second++) {
            // 100 MB a minute during a 60 s warm-up, then 0.5 MB a minute with noise
            long kb = second < 60 ? second * 100 * 1024 / 60 : 100 * 1024 + (second - 60) * 512 / 60 + (second % 2) * 300;
            samples.add(new Sample(second, kb, 100, 50, -1, -1, 4, 0));
        }
        assertThat(Trend.slopePerMinute(samples, 60, s -> s.rssKb() / 1024.0)).isCloseTo(0.5, within(0.05));
        assertThat(Trend.slopePerMinute(samples, 0, s -> s.rssKb() / 1024.0)).as("with the warm-up").isGreaterThan(2);
    }

    @Test
    void windowsTakeTheirOwnSamples() {
        List<Sample> samples = List.of(new Sample(0, 0, 10, 1, -1, -1, 0, 0), new Sample(1, 0, 30, 1, -1, -1, 0, 0),
                new Sample(2, 0, 20, 1, -1, -1, 0, 0), new Sample(3, 0, 99, 1, -1, -1, 0, 0));
        assertThat(Trend.max(samples, 0, 3, Sample::fds)).isEqualTo(30);
        assertThat(Trend.max(samples, 3, 10, Sample::fds)).isEqualTo(99);
    }
}
