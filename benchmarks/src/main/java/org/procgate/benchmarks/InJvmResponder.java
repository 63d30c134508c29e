package org.procgate.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cheapest possible FastCGI worker, on a thread of this JVM: it reads a request's records
 * up to the empty STDIN and writes one fixed answer, so that a benchmark measures the client.
 * One connection at a time, like php-cgi.
 */
final class InJvmResponder implements AutoCloseable {

    private static final int GET_VALUES = 9;
    private static final int STDIN = 5;

    private final ServerSocketChannel server;
    private final ByteBuffer answer;
    private final Thread thread;

    InJvmResponder(Path socket, byte[] answer) throws IOException {
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.answer = ByteBuffer.wrap(answer);
        this.thread = new Thread(this::serve, "in-jvm-responder");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                serveConnection(connection);
            } catch (IOException closedOrGone) {
                // the benchmark closed the connection or the server; accept the next or stop
            }
        }
    }

    private void serveConnection(SocketChannel connection) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8);
        ByteBuffer content = ByteBuffer.allocate(65535 + 255);
        ByteBuffer valuesResult = ByteBuffer.wrap(WorkerSideRecords.emptyValuesResult());
        while (true) {
            header.clear();
            readFully(connection, header);
            int type = header.get(1) & 0xff;
            int length = ((header.get(4) & 0xff) << 8) | (header.get(5) & 0xff);
            content.clear().limit(length + (header.get(6) & 0xff));
            readFully(connection, content);
            if (type == GET_VALUES) {
                writeFully(connection, valuesResult.duplicate());
            } else if (type == STDIN && length == 0) {
                writeFully(connection, answer.duplicate());
            }
        }
    }

    static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException();
            }
        }
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
