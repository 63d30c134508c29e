package org.procgate.connector.pool.remote;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One entry of a pool's {@code addresses} as the operator wrote it: {@code unix:/path},
 * {@code ip:port} or {@code name:port}, optionally followed by {@code weight=N}. A name stands for
 * every address it has, looked up again while the pool runs.
 *
 * @param host     the IP literal or name; {@code null} for a Unix socket
 * @param unixPath the socket path; {@code null} for TCP
 */
public record DeclaredBackend(String text, String host, int port, Path unixPath, int weight) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_WEIGHT = 1000;

    public static DeclaredBackend parse(String text) {
        String[] words = text.strip().split("\\s+");
        int weight = 1;
        for (int i = 1; i < words.length; i++) {
            if (!words[i].startsWith("weight=")) {
                throw new IllegalArgumentException("address '" + text + "': only weight=N may follow an address, not '"
                        + words[i] + "'");
            }
            weight = weight(text, words[i].substring("weight=".length()));
        }
        String address = words[0];
        if (address.startsWith("unix:")) {
            return new DeclaredBackend(text, null, 0, Path.of(address.substring(5)), weight);
        }
        if (address.startsWith("/")) {
            return new DeclaredBackend(text, null, 0, Path.of(address), weight);
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address '" + text + "' is neither unix:/path nor host:port");
        }
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + text + "' has no valid port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address '" + text + "': port " + port + " is not between 1 and 65535");
        }
        return new DeclaredBackend(text, host, port, null, weight);
    }

    private static int weight(String text, String value) {
        try {
            int weight = Integer.parseInt(value);
            if (weight >= 1 && weight <= MAX_WEIGHT) {
                return weight;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("address '" + text + "': weight must be a whole number from 1 to " + MAX_WEIGHT);
    }

    /** The address as written, without its weight. */
    public String address() {
        return text.strip().split("\\s+")[0];
    }

    /** How a backend found under this name at {@code ip} is shown: {@code ip:port (name)}. */
    String shownFor(InetAddress ip) {
        String literal = ip.getHostAddress();
        return (literal.contains(":") ? "[" + literal + "]" : literal) + ":" + port + " (" + host + ")";
    }

    /** A host name, looked up again while the pool runs, rather than an IP address or a socket path. */
    public boolean isName() {
        return host != null && !IPV4.matcher(host).matches() && !host.contains(":");
    }
}
