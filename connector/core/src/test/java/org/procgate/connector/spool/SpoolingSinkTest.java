package org.procgate.connector.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Header;
import org.procgate.connector.pool.RecordingSink;
import org.procgate.connector.pool.Requests;

/** The spool between a program and a slow client: order kept across memory and file, bounds held. */
class SpoolingSinkTest {

    @TempDir
    Path directory;
    private final ExecutorService drainers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        drainers.shutdownNow();
    }

    @Test
    void bytesArriveInOrderThroughMemoryAndFileWhileTheProgramRunsAhead() throws Exception {
        // 30 ms per write: behind the program for longer than it waits before spilling (20 ms)
        RecordingSink slowClient = new RecordingSink().pausePerWrite(30);
        SpoolingSink spool = new SpoolingSink(slowClient, 64 * 1024, 64L << 20, directory, drainers, Duration.ofSeconds(30));
        byte[] body = Requests.pseudoRandomBytes(6 << 20, 3);
        spool.head(200, List.of(new Header("Content-Type", "application/octet-stream")));
        SplittableRandom random = new SplittableRandom(1);
        int position = 0;
        while (position < body.length) {
            int length = Math.min(body.length - position, 1 + random.nextInt(70_000));
            spool.write(body, position, length);
            position += length;
            if (random.nextInt(10) == 0) {
                spool.flush();
            }
        }
        // the program is done long before the slow client: its side never waited
        assertThat(slowClient.bytes()).isLessThan(body.length);
        spool.finish();
        assertThat(slowClient.bytes()).isEqualTo(body.length);
        assertThat(slowClient.sha256()).isEqualTo(Requests.sha256(body));
        try (var files = Files.list(directory)) {
            assertThat(files.toList()).as("the temporary file is gone").isEmpty();
        }
    }

    @Test
    void aShortAnswerGoesOutWholeFromTheCallersThreadWithoutAFlush() throws Exception {
        RecordingSink client = new RecordingSink();
        SpoolingSink spool = new SpoolingSink(client, 64 * 1024, 0, directory, drainers, Duration.ofSeconds(5));
        spool.head(200, List.of());
        spool.write("hello".getBytes(), 0, 5);
        assertThat(client.bytes()).isZero();
        spool.finish();
        assertThat(client.text()).isEqualTo("hello");
        assertThat(client.flushNanos()).isEmpty();
    }

    @Test
    void aProgramThatAsksForPassThroughIsNotBuffered() throws Exception {
        RecordingSink client = new RecordingSink();
        SpoolingSink spool = new SpoolingSink(client, 64 * 1024, 0, directory, drainers, Duration.ofSeconds(5));
        spool.head(200, List.of(new Header("X-Accel-Buffering", "no")));
        spool.write("now".getBytes(), 0, 3);
        spool.flush();
        assertThat(client.text()).isEqualTo("now");
        assertThat(client.flushNanos()).hasSize(1);
    }

    @Test
    void aClientThatTakesNothingFailsTheProgramsSideAtTheStallLimit() throws Exception {
        RecordingSink stuck = new RecordingSink().pausePerWrite(60_000);
        SpoolingSink spool = new SpoolingSink(stuck, 8 * 1024, 0, directory, drainers, Duration.ofMillis(300));
        spool.head(200, List.of());
        byte[] block = new byte[8 * 1024];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                spool.write(block, 0, block.length);
                spool.flush();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("took none of the answer");
    }

    @Test
    void aClientThatLeavesFailsTheProgramsNextWrite() throws Exception {
        RecordingSink leaving = new RecordingSink().failAfter(0);
        SpoolingSink spool = new SpoolingSink(leaving, 8 * 1024, 1 << 20, directory, drainers, Duration.ofSeconds(5));
        spool.head(200, List.of());
        byte[] block = new byte[4 * 1024];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                spool.write(block, 0, block.length);
                spool.flush();
                Thread.sleep(1);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("the test client left");
        spool.abandon();
    }
}
