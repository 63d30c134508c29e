package org.procgate.connector.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection to a forked child as the streams of a {@link Process}: what is read is what the
 * child wrote, closing the output ends the child's stdin (the connection is half-closed), and the
 * connection closes once both streams are closed. The channel is non-blocking so that
 * {@link InputStream#available()} can tell, as a pipe does, whether the child has written more.
 */
final class ChannelStreams {

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long WAIT_SLICE_MILLIS = 1000;

    private final SocketChannel channel;
    private final AtomicInteger open;

    ChannelStreams(SocketChannel channel, int directions) throws IOException {
        this.channel = channel;
        this.open = new AtomicInteger(directions);
        channel.configureBlocking(false);
    }

    InputStream input() {
        return new Input();
    }

    OutputStream output() {
        return new Output();
    }

    private void directionClosed() {
        if (open.decrementAndGet() == 0) {
            try {
                channel.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /**
     * Waits until the channel is ready for {@code operation}, or at most {@link #WAIT_SLICE_MILLIS}
     * (the caller tries again and sees a close meanwhile); the selector is made on first use.
     */
    private static Selector await(SocketChannel channel, Selector selector, int operation) throws IOException {
        Selector ready = selector != null ? selector : Selector.open();
        if (channel.keyFor(ready) == null) {
            channel.register(ready, operation);
        }
        ready.select(WAIT_SLICE_MILLIS);
        ready.selectedKeys().clear();
        return ready;
    }

    private static void closeQuietly(Selector selector) {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }

    /** The child's output, with what is already there counted by {@link #available()}. */
    private final class Input extends InputStream {
        private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES).flip();
        private Selector selector;
        private boolean ended;
        private volatile boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!buffer.hasRemaining()) {
                if (ended || closed) {
                    return -1;
                }
                if (fill() == 0) {
                    selector = await(channel, selector, SelectionKey.OP_READ);
                }
            }
            int n = Math.min(length, buffer.remaining());
            buffer.get(bytes, offset, n);
            return n;
        }

        /**
         * Reads what the channel has now, without waiting; the count read, or -1 at the end. A child
         * that exits without reading all of its stdin resets the connection once what it wrote has been
         * read: for its output that is the end, as a pipe's reader sees it.
         */
        private int fill() throws IOException {
            buffer.compact();
            try {
                int n = channel.read(buffer);
                if (n < 0) {
                    ended = true;
                }
                return n;
            } catch (SocketException reset) {
                ended = true;
                return -1;
            } finally {
                buffer.flip();
            }
        }

        @Override
        public int available() throws IOException {
            if (!buffer.hasRemaining() && !ended && !closed) {
                fill();
            }
            return buffer.remaining();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(selector);
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                // the connection is gone already
            }
            directionClosed();
        }
    }

    /** The child's stdin; closing it is the child's end of input. */
    private final class Output extends OutputStream {
        private Selector selector;
        private volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("stdin is closed");
            }
            ByteBuffer data = ByteBuffer.wrap(bytes, offset, length);
            while (data.hasRemaining()) {
                if (closed) {
                    throw new IOException("stdin is closed");
                }
                if (channel.write(data) == 0) {
                    selector = await(channel, selector, SelectionKey.OP_WRITE);
                }
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(selector);
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // the child has gone
            }
            directionClosed();
        }
    }
}
