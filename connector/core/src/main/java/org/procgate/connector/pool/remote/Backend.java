package org.procgate.connector.pool.remote;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
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

    private Backend(String text, SocketAddress address, StandardProtocolFamily family) {
        this.text = text;
        this.address = address;
        this.family = family;
    }

    public static Backend unix(Path path) {
        return new Backend("unix:" + path, UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX);
    }

    /** {@code unix:/path}, {@code /path}, or {@code host:port} ({@code [v6]:port} for IPv6). */
    public static Backend parse(String text) {
        String t = text.trim();
        if (t.startsWith("unix:")) {
            return unix(Path.of(t.substring(5)));
        }
        if (t.startsWith("/")) {
            return unix(Path.of(t));
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("address '" + text + "' is neither unix:/path nor host:port");
        }
        String host = t.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + text + "' has no valid port");
        }
        InetSocketAddress inet = new InetSocketAddress(host, port);
        return new Backend(t, inet, inet.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
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
