package org.procgate.connector.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.procgate.connector.protocol.GrowableByteArray;

/**
 * A first-in first-out store of one answer's body between the program (the writer) and the
 * client (the reader): memory up to a cap, then a temporary file up to a cap. Once bytes go to
 * the file, later bytes follow them there until the reader has caught up, so order holds. Not
 * thread-safe: {@link SpoolingSink} guards it.
 */
final class ResponseSpool implements AutoCloseable {

    private static final int FILE_CHUNK = 64 * 1024;

    private final int memoryCap;
    private final long fileCap;
    private final Path directory;
    private GrowableByteArray memory = new GrowableByteArray(4096);
    private FileChannel file;
    private long fileWritten;
    private long fileRead;

    ResponseSpool(int memoryCap, long fileCap, Path directory) {
        this.memoryCap = memoryCap;
        this.fileCap = fileCap;
        this.directory = directory;
    }

    /** Whether {@code length} more bytes fit in memory now (a larger piece goes in whole when it is empty). */
    boolean hasMemoryRoom(int length) {
        return !spilling() && (memory.size() + length <= memoryCap || memory.size() == 0);
    }

    /** Whether {@code length} more bytes fit in the temporary file now. */
    boolean hasFileRoom(int length) {
        return fileCap > 0 && (fileWritten - fileRead) + length <= fileCap;
    }

    /** Stores the bytes, in memory if they fit, else in the file; the caller checked there is room. */
    void put(byte[] bytes, int offset, int length) throws IOException {
        if (!spilling() && (memory.size() + length <= memoryCap || memory.size() == 0)) {
            memory.put(bytes, offset, length);
            return;
        }
        if (file == null) {
            file = FileChannel.open(Files.createTempFile(directory, "procgate-answer-", ".spool"),
                    StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        }
        ByteBuffer source = ByteBuffer.wrap(bytes, offset, length);
        while (source.hasRemaining()) {
            fileWritten += file.write(source, fileWritten);
        }
    }

    boolean isEmpty() {
        return memory.size() == 0 && fileWritten == fileRead;
    }

    int memorySize() {
        return memory.size();
    }

    /**
     * Takes the oldest bytes: the whole memory part (swapped for {@code spare}, which must be
     * empty), or else the next chunk of the file.
     *
     * @return the taken bytes, in a buffer the caller owns until the next call
     */
    Taken take(GrowableByteArray spare) throws IOException {
        if (memory.size() > 0) {
            GrowableByteArray taken = memory;
            memory = spare;
            return new Taken(taken, null);
        }
        int length = (int) Math.min(FILE_CHUNK, fileWritten - fileRead);
        ByteBuffer chunk = ByteBuffer.allocate(length);
        while (chunk.hasRemaining()) {
            int n = file.read(chunk, fileRead + chunk.position());
            if (n < 0) {
                throw new IOException("temporary file of the answer ended early");
            }
        }
        fileRead += length;
        if (fileRead == fileWritten) {
            // caught up: start over at the file's beginning, and in memory
            fileRead = 0;
            fileWritten = 0;
            file.truncate(0);
        }
        return new Taken(null, chunk.flip());
    }

    private boolean spilling() {
        return fileWritten > fileRead;
    }

    /** Bytes in the file now. */
    long fileSize() {
        return fileWritten - fileRead;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close(); // deletes it
            } catch (IOException e) {
                // the file goes with the process at the latest
            }
        }
    }

    /** What {@link #take} returned: memory bytes or a file chunk. */
    record Taken(GrowableByteArray memory, ByteBuffer fileChunk) {
    }
}
