package org.procgate.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The addresses Linux reports as listening on a TCP port, read from /proc/net/tcp and tcp6. */
final class ListeningSockets {

    static final Path TCP4 = Path.of("/proc/net/tcp");
    static final Path TCP6 = Path.of("/proc/net/tcp6");
    private static final String LISTEN_STATE = "0A";

    private ListeningSockets() {
    }

    static boolean available() {
        return Files.isReadable(TCP4);
    }

    /** Local addresses of the sockets in LISTEN state on this port; IPv4-mapped ones come back as IPv4. */
    static List<InetAddress> addressesListeningOn(int port) throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (Path table : List.of(TCP4, TCP6)) {
            if (!Files.isReadable(table)) {
                continue;
            }
            List<String> lines = Files.readAllLines(table); // read once: the table changes as sockets come and go
            for (String line : lines.subList(1, lines.size())) {
                // "  sl  local_address rem_address   st ...", local_address being HEXADDR:HEXPORT
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (fields[3].equals(LISTEN_STATE) && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(decode(local[0]));
                }
            }
        }
        return addresses;
    }

    /** The kernel prints each 32-bit word of the address in host byte order. */
    private static InetAddress decode(String hex) throws UnknownHostException {
        byte[] bytes = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < bytes.length; word += 4) {
                for (int i = 0; i < 2; i++) {
                    byte swap = bytes[word + i];
                    bytes[word + i] = bytes[word + 3 - i];
                    bytes[word + 3 - i] = swap;
                }
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
