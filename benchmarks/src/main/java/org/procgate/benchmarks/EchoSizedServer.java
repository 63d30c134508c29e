package org.procgate.benchmarks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline: a thread that reads a fixed number of bytes and writes a fixed number back, on
 * the same kind of socket, with no protocol at all. A FastCGI round trip minus this is what the
 * connector costs.
 */
final class EchoSizedServer implements AutoCloseable {

    private final ServerSocketChannel server;

    EchoSizedServer(Path socket, int requestBytes, int responseBytes) throws IOException {
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread thread = new Thread(() -> serve(requestBytes, responseBytes), "echo-sized-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(int requestBytes, int responseBytes) {
        ByteBuffer request = ByteBuffer.allocate(requestBytes);
        ByteBuffer response = ByteBuffer.allocate(responseBytes);
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                while (true) {
                    request.clear();
                    InJvmResponder.readFully(connection, request);
                    InJvmResponder.writeFully(connection, response.clear());
                }
            } catch (IOException closedOrGone) {
                // next connection, or the server was closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
