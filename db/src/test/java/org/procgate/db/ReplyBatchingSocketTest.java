package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReplyBatchingSocketTest {

    /** Records each write the socket would make. */
    private static final class Writes extends OutputStream {
        final List<Integer> sizes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sizes.add(len);
            bytes.write(b, off, len);
        }
    }

    @Test
    void messagesWrittenAndFlushedOneByOneLeaveInOneWriteWhenTheServerTurnsToRead() throws IOException {
        Writes socket = new Writes();
        ReplyBatchingSocket.HeldOutput output = new ReplyBatchingSocket.HeldOutput(socket, 1024);
        InputStream input = new ReplyBatchingSocket.SendBeforeWaiting(new ByteArrayInputStream(new byte[] {'Q'}), output);
        DataOutputStream messages = new DataOutputStream(output);
        for (int i = 0; i < 20; i++) {
            messages.write('D');
            messages.writeInt(8);
            messages.writeInt(i);
            messages.flush();
        }
        assertThat(socket.sizes).as("nothing sent while the reply is being written").isEmpty();

        assertThat(input.read()).as("a byte was waiting: no need to send yet").isEqualTo('Q');
        assertThat(socket.sizes).isEmpty();
        assertThat(input.read()).isEqualTo(-1);

        assertThat(socket.sizes).containsExactly(20 * 9);
        DataInputStream sent = new DataInputStream(new ByteArrayInputStream(socket.bytes.toByteArray()));
        for (int i = 0; i < 20; i++) {
            assertThat(sent.readByte()).isEqualTo((byte) 'D');
            assertThat(sent.readInt()).isEqualTo(8);
            assertThat(sent.readInt()).isEqualTo(i);
        }
    }

    @Test
    void aReplyLargerThanTheBufferGoesOutInFullBufferWrites() throws IOException {
        Writes socket = new Writes();
        ReplyBatchingSocket.HeldOutput output = new ReplyBatchingSocket.HeldOutput(socket, 100);
        for (int i = 0; i < 250; i++) {
            output.write(i);
        }
        byte[] large = new byte[300];
        output.write(large, 0, large.length);
        output.send();

        assertThat(socket.sizes).containsExactly(100, 100, 50, 300);
        assertThat(socket.bytes.size()).isEqualTo(550);
    }

    @Test
    void aRealClientGetsEveryReplyAndTheHeldRestOnClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            Socket accepted = new ReplyBatchingSocket(server.accept());
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (accepted) {
                    DataInputStream in = new DataInputStream(accepted.getInputStream());
                    DataOutputStream out = new DataOutputStream(accepted.getOutputStream());
                    for (int i = 0; i < 3; i++) {
                        int n = in.readInt();
                        out.writeInt(n + 1);
                        out.flush();
                        out.writeInt(n + 2);
                        out.flush();
                    }
                    out.writeInt(-1); // held, and sent by close()
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            DataInputStream in = new DataInputStream(client.getInputStream());
            for (int i = 0; i < 3; i++) {
                out.writeInt(i * 10);
                assertThat(in.readInt()).isEqualTo(i * 10 + 1);
                assertThat(in.readInt()).isEqualTo(i * 10 + 2);
            }
            assertThat(in.readInt()).isEqualTo(-1);
            echo.get(10, TimeUnit.SECONDS);
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
