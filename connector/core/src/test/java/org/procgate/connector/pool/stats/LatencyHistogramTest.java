package org.procgate.connector.pool.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void emptyHistogramSaysZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.meanMillis()).isZero();
        assertThat(histogram.quantileMillis(0.99)).isZero();
    }

    @Test
    void meanIsExactAndP99IsWithinOneBucket() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            histogram.record(1_000_000); // 1 ms
        }
        for (int i = 0; i < 10; i++) {
            histogram.record(100_000_000); // 100 ms
        }
        assertThat(histogram.meanMillis()).isCloseTo((990 * 1.0 + 10 * 100.0) / 1000, within(1e-9));
        assertThat(histogram.quantileMillis(0.99)).isBetween(1.0, 1.0 * 1.19);
        assertThat(histogram.quantileMillis(0.999)).isBetween(100.0, 100.0 * 1.19);
    }

    @Test
    void extremesLandInTheEdgeBuckets() {
        assertThat(LatencyHistogram.bucket(0)).isZero();
        assertThat(LatencyHistogram.bucket(Long.MAX_VALUE)).isEqualTo(95);
    }
}
