package org.procgate.connector.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class GrowableByteArrayTest {

    @Test
    void growsByDoublingAndKeepsTheContent() {
        GrowableByteArray buffer = new GrowableByteArray(4);
        for (int i = 0; i < 100; i++) {
            buffer.put((byte) i);
        }

        assertThat(buffer.size()).isEqualTo(100);
        assertThat(buffer.capacity()).isEqualTo(128);
        for (int i = 0; i < 100; i++) {
            assertThat(buffer.array()[i]).isEqualTo((byte) i);
        }
    }

    @Test
    void aLargeWriteGrowsStraightToWhatItNeeds() {
        GrowableByteArray buffer = new GrowableByteArray(16);
        buffer.put(new byte[1000], 0, 1000);

        assertThat(buffer.capacity()).isEqualTo(1000);
    }

    @Test
    void reserveHandsOutRoomToFillIn() {
        GrowableByteArray buffer = new GrowableByteArray(0);
        buffer.put((byte) 1);
        int at = buffer.reserve(2);
        buffer.array()[at] = 2;
        buffer.array()[at + 1] = 3;

        assertThat(buffer.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void clearWithARetainedCapacityLetsABigArrayGo() {
        GrowableByteArray buffer = new GrowableByteArray(8);
        buffer.put(new byte[100], 0, 100);

        buffer.clear(64);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.capacity()).isEqualTo(64);

        buffer.put(new byte[10], 0, 10);
        buffer.clear(64);
        assertThat(buffer.capacity()).isEqualTo(64);
    }

    @Test
    void readOnlyView() {
        GrowableByteArray buffer = new GrowableByteArray(8);
        buffer.put(new byte[] {1, 2}, 0, 2);

        ByteBuffer view = buffer.asReadOnlyByteBuffer();

        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.remaining()).isEqualTo(2);
    }
}
