package org.procgate.systemtest.server;

/**
 * The fixed ports of one server under test, all in one block of a thousand. Fixed, because
 * GlassFish-family servers expand ${procgate.db.pgPort} in pool properties at deploy time,
 * before a port chosen at runtime would be known. Each server has its own block, below the
 * ephemeral range and away from the usual 8080/4848/15435/15436.
 */
public record PortBlock(int base) {

    public int http() {
        return base + 80;
    }

    public int admin() {
        return base + 48;
    }

    public int pg() {
        return base + 432;
    }

    public int h2Tcp() {
        return base + 92;
    }
}
