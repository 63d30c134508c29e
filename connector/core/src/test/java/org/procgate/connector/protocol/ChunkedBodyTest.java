package org.procgate.connector.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChunkedBodyTest {

    @Test
    void piecesOfAnySizeComeOutInOrder() {
        byte[] data = new byte[3_000_000];
        new Random(3).nextBytes(data);
        ChunkedBody body = new ChunkedBody(-1, Integer.MAX_VALUE - 8);
        int position = 0;
        int piece = 1;
        while (position < data.length) {
            int n = Math.min(piece, data.length - position);
            if (piece % 2 == 0) {
                body.put(ByteBuffer.wrap(data, position, n), n);
            } else {
                body.put(data, position, n);
            }
            position += n;
            piece = piece * 3 + 1;
        }

        assertThat(body.size()).isEqualTo(data.length);
        assertThat(body.toByteArray()).isEqualTo(data);
    }

    @Test
    void aBodyOfTheExpectedSizeIsHandedOverWithoutACopy() {
        ChunkedBody body = new ChunkedBody(4, 100);
        body.put(new byte[] {1, 2}, 0, 2);
        body.put(ByteBuffer.allocateDirect(2).put(new byte[] {3, 4}).flip(), 2);

        byte[] first = body.toByteArray();

        assertThat(first).containsExactly(1, 2, 3, 4);
        assertThat(body.toByteArray()).isSameAs(first);
    }

    @Test
    void emptyBodies() {
        assertThat(new ChunkedBody(0, 10).toByteArray()).isEmpty();
        assertThat(new ChunkedBody(-1, 10).toByteArray()).isEmpty();
        assertThat(new ChunkedBody(-1, 0).toByteArray()).isEmpty();
    }

    @Test
    void noChunkReachesPastTheMaximum() {
        ChunkedBody body = new ChunkedBody(-1, 10_000);
        body.put(new byte[10_000], 0, 10_000);

        assertThat(body.toByteArray()).hasSize(10_000);
        assertThatThrownBy(() -> body.put(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }
}
