package org.procgate.db;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/**
 * A client connection of the PostgreSQL-protocol server whose replies leave in one write each.
 *
 * <p>H2 writes every protocol message in pieces and flushes after each one, so a search answer of
 * twenty rows took some 25 socket writes, each waking the client. Here the output is held until
 * the server is about to wait for the client's next message (the protocol's turn), until the
 * buffer fills, or until the connection closes; H2's own flushes are ignored. The input is
 * buffered too (H2 reads a message header a byte at a time).
 *
 * <p>H2's server thread uses only the methods overridden here.
 */
final class ReplyBatchingSocket extends Socket {

    static final int BUFFER_BYTES = 16 * 1024;

    private final Socket socket;
    private final HeldOutput output;
    private final InputStream input;

    ReplyBatchingSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.output = new HeldOutput(socket.getOutputStream(), BUFFER_BYTES);
        this.input = new SendBeforeWaiting(new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES), output);
    }

    @Override
    public InputStream getInputStream() {
        return input;
    }

    @Override
    public OutputStream getOutputStream() {
        return output;
    }

    @Override
    public void close() throws IOException {
        try {
            output.send();
        } catch (IOException e) {
            // the client is gone; closing is all that is left
        } finally {
            socket.close();
        }
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public InetAddress getInetAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public String toString() {
        return socket.toString();
    }

    /** Holds what is written until {@link #send()}; {@link #flush()} does nothing. */
    static final class HeldOutput extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer;
        private int count;

        HeldOutput(OutputStream out, int capacity) {
            this.out = out;
            this.buffer = new byte[capacity];
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (count == buffer.length) {
                send();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.length - count) {
                send();
            }
            if (length >= buffer.length) {
                out.write(bytes, offset, length);
                return;
            }
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        /** H2 flushes after every message; the reply goes out when the server turns to read. */
        @Override
        public void flush() {
        }

        synchronized void send() throws IOException {
            if (count > 0) {
                out.write(buffer, 0, count);
                count = 0;
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            try {
                send();
            } finally {
                out.close();
            }
        }
    }

    /** Sends the held reply before any read that would wait for the client. */
    static final class SendBeforeWaiting extends FilterInputStream {
        private final HeldOutput output;

        SendBeforeWaiting(InputStream in, HeldOutput output) {
            super(in);
            this.output = output;
        }

        @Override
        public int read() throws IOException {
            sendIfNothingToRead();
            return in.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            sendIfNothingToRead();
            return in.read(bytes, offset, length);
        }

        @Override
        public long skip(long n) throws IOException {
            sendIfNothingToRead();
            return in.skip(n);
        }

        private void sendIfNothingToRead() throws IOException {
            if (in.available() == 0) {
                output.send();
            }
        }
    }
}
