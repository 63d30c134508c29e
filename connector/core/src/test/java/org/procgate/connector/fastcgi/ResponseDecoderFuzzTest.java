package org.procgate.connector.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.procgate.connector.protocol.ProtocolException;

/**
 * Property-based fuzzing of {@link ResponseDecoder}: whatever bytes a worker sends, in whatever
 * pieces they arrive, the decoder consumes every piece (so it cannot spin), ends in a complete
 * response or a {@link ProtocolException} and nothing else, and allocates within a fixed bound
 * whatever lengths the headers claim.
 */
class ResponseDecoderFuzzTest {

    private static final int ID = 1;
    /** Each run is tiny; a run that is not done in this time is a hang. */
    private static final long RUN_LIMIT_MILLIS = 2000;
    /** GET_VALUES_RESULT may be collected (at most 65535 bytes); everything else passes through. */
    private static final long FIXED_ALLOCATION_BOUND = 256 * 1024;
    /** Each piece handed to the listener is a small slice object. */
    private static final long ALLOCATION_PER_PIECE = 256;

    private static final ExecutorService DECODER_THREAD = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "decoder-fuzz");
        thread.setDaemon(true);
        return thread;
    });
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @AfterContainer
    static void stopDecoderThread() {
        DECODER_THREAD.shutdownNow();
    }

    @Property(tries = 1500)
    void arbitraryBytesCompleteOrFailCleanly(@ForAll @Size(max = 3000) byte[] input,
                                             @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 700) Integer> pieces)
            throws Exception {
        decodeBounded(input, pieces);
    }

    @Property(tries = 1500)
    void mutatedValidResponsesCompleteOrFailCleanly(@ForAll("mutatedResponses") byte[] input,
                                                    @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 700) Integer> pieces)
            throws Exception {
        decodeBounded(input, pieces);
    }

    @Property(tries = 500)
    void claimedLengthsDoNotDriveAllocation(@ForAll @IntRange(min = 6, max = 10) int type,
                                            @ForAll @IntRange(min = 0, max = 65535) int claimedLength,
                                            @ForAll @IntRange(min = 0, max = 255) int padding,
                                            @ForAll @Size(max = 200) byte[] actual) throws Exception {
        int requestId = type == RecordType.GET_VALUES_RESULT.code() ? 0 : ID;
        byte[] header = {1, (byte) type, 0, (byte) requestId, (byte) (claimedLength >>> 8), (byte) claimedLength,
                (byte) padding, 0};
        byte[] input = Arrays.copyOf(header, header.length + actual.length);
        System.arraycopy(actual, 0, input, header.length, actual.length);
        decodeBounded(input, List.of(input.length));
    }

    @Provide
    Arbitrary<byte[]> mutatedResponses() {
        Arbitrary<byte[]> valid = Combinators.combine(
                Arbitraries.strings().ofMaxLength(300), Arbitraries.strings().ofMaxLength(100),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 2))
                .as((stdout, stderr, padding, protocolStatus) -> new WorkerRecords()
                        .stdout(ID, "Content-Type: text/plain\r\n\r\n" + stdout, padding % 8)
                        .stderr(ID, stderr, padding)
                        .getValuesResult(Map.of("FCGI_MAX_CONNS", "1"), padding % 3)
                        .stdout(ID, "", 0)
                        .endRequest(ID, 0, protocolStatus, padding % 5)
                        .build());
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1 << 16),
                        Arbitraries.integers().between(1, 4), Arbitraries.bytes())
                .as(ResponseDecoderFuzzTest::mutate);
    }

    /** Flips, truncates at or overwrites bytes around a position the seed picks. */
    private static byte[] mutate(byte[] valid, int seed, int mutations, byte value) {
        byte[] bytes = valid.clone();
        for (int i = 0; i < mutations; i++) {
            int at = Math.floorMod(seed * (i + 7), bytes.length);
            switch ((seed + i) % 4) {
                case 0 -> bytes[at] ^= (byte) (1 << (seed % 8));
                case 1 -> bytes[at] = value;
                case 2 -> bytes = Arrays.copyOf(bytes, at);
                default -> bytes[at] = (byte) 0xFF;
            }
            if (bytes.length == 0) {
                break;
            }
        }
        return bytes;
    }

    /** Decodes on a thread of its own so a hang fails the property instead of the build. */
    private static void decodeBounded(byte[] input, List<Integer> pieces) throws Exception {
        Future<Long> run = DECODER_THREAD.submit(() -> decode(input, pieces));
        long allocated;
        try {
            allocated = run.get(RUN_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("decoder threw something other than ProtocolException", e.getCause());
        }
        assertThat(allocated).as("bytes allocated decoding %d bytes", input.length)
                .isLessThanOrEqualTo(FIXED_ALLOCATION_BOUND + ALLOCATION_PER_PIECE * (input.length + pieces.size()));
    }

    /** Returns the bytes this thread allocated while decoding. */
    private static long decode(byte[] input, List<Integer> pieces) {
        ResponseDecoder decoder = new ResponseDecoder(ID, new DiscardingListener());
        long threadId = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(threadId);
        int offset = 0;
        int piece = 0;
        try {
            while (offset < input.length) {
                int length = Math.min(pieces.get(piece++ % pieces.size()), input.length - offset);
                ByteBuffer chunk = ByteBuffer.wrap(input, offset, length);
                decoder.decode(chunk);
                if (chunk.hasRemaining()) {
                    throw new AssertionError("decode() returned with " + chunk.remaining() + " bytes unread");
                }
                offset += length;
            }
        } catch (ProtocolException expected) {
            // a clean refusal of bad input
        }
        return THREADS.getThreadAllocatedBytes(threadId) - before;
    }

    /** Reads nothing and keeps nothing, so any allocation measured is the decoder's. */
    private static final class DiscardingListener implements ResponseListener {
        @Override
        public void onStdout(ByteBuffer content) {
            assertThat(content.hasRemaining()).isTrue();
        }

        @Override
        public void onStderr(ByteBuffer content) {
            assertThat(content.hasRemaining()).isTrue();
        }

        @Override
        public void onEndRequest(long appStatus, ProtocolStatus status) {
        }
    }
}
