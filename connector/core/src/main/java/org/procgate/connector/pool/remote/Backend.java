package org.procgate.connector.pool.remote;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A place a FastCGI worker listens: a Unix socket path or a TCP host and port. Connecting is
 * bounded by a timeout even where the kernel would wait (a full listen backlog).
 */
public final class Backend {

    private final String text;
    private final SocketAddress address;
    private final StandardProtocolFamily family;
    private final int weight;

    private Backend(String text, SocketAddress address, StandardProtocolFamily family, int weight) {
        this.text = text;
        this.address = address;
        this.family = family;
        this.weight = weight;
    }

    public static Backend unix(Path path) {
        return unix(path, 1);
    }

    static Backend unix(Path path, int weight) {
        return new Backend("unix:" + path, UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX, weight);
    }

    /** A TCP backend at one address, shown as {@code shown}. */
    static Backend tcp(InetAddress ip, int port, int weight, String shown) {
        return new Backend(shown, new InetSocketAddress(ip, port),
                ip instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, weight);
    }

    /**
     * {@code unix:/path}, {@code /path}, or {@code host:port} ({@code [v6]:port} for IPv6), each
     * optionally followed by {@code weight=N}; a host name is looked up once, here.
     */
    public static Backend parse(String text) {
        DeclaredBackend declared = DeclaredBackend.parse(text);
        if (declared.unixPath() != null) {
            return unix(declared.unixPath(), declared.weight());
        }
        try {
            InetAddress ip = InetAddress.getByName(declared.host());
            return tcp(ip, declared.port(), declared.weight(), declared.isName() ? declared.shownFor(ip) : declared.address());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address '" + text + "': unknown host " + declared.host(), e);
        }
    }

    /** Its share of requests relative to the others (1 unless given). */
    public int weight() {
        return weight;
    }

    /** A connected, blocking channel, or an IOException within {@code timeout}. */
    public SocketChannel connect(Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(family);
        try {
            channel.configureBlocking(false);
            if (!channel.connect(address)) {
                try (Selector selector = Selector.open()) {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
                        throw new IOException("no connection to " + text + " within " + timeout.toMillis() + " ms");
                    }
                    channel.finishConnect();
                }
            }
            channel.configureBlocking(true);
            if (family != StandardProtocolFamily.UNIX) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
