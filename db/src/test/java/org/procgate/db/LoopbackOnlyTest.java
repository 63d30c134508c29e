package org.procgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackOnlyTest {

    @TempDir
    Path dataDir;

    @Test
    void bothServersListenOnLoopbackOnly() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc/net/tcp to see listening addresses");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(new DatabaseSettings(dataDir, 0, 0, 10, 1L))) {
            for (int port : List.of(database.tcpPort(), database.pgPort())) {
                assertThat(ListeningSockets.addressesListeningOn(port))
                        .as("addresses listening on port %d", port)
                        .isNotEmpty()
                        .containsOnly(loopback);
            }
        }
    }

    @Test
    void theProbeSeesAWildcardListenerForWhatItIs() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux's /proc/net/tcp to see listening addresses");
        try (java.net.ServerSocket everywhere = new java.net.ServerSocket(0)) {
            assertThat(ListeningSockets.addressesListeningOn(everywhere.getLocalPort()))
                    .isNotEmpty()
                    .allSatisfy(address -> assertThat(address.isAnyLocalAddress()).isTrue());
        }
    }

    @Test
    void anotherBindAddressIsRefusedBeforeAnythingListens() {
        String previous = System.getProperty("h2.bindAddress");
        System.setProperty("h2.bindAddress", "0.0.0.0");
        try {
            assertThatThrownBy(() -> EmbeddedDatabase.start(new DatabaseSettings(dataDir, 0, 0, 10, 1L)))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("h2.bindAddress is '0.0.0.0'")
                    .hasMessageContaining("127.0.0.1");
        } finally {
            if (previous == null) {
                System.clearProperty("h2.bindAddress");
            } else {
                System.setProperty("h2.bindAddress", previous);
            }
        }
    }
}
