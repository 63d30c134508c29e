package org.procgate.db;

import org.h2.engine.SysProperties;

/**
 * The one place that makes H2's servers listen on 127.0.0.1 only.
 *
 * <p>H2 2.5 has no per-server bind option: every server socket it opens binds to the address in
 * the system property {@code h2.bindAddress}, or to all interfaces when that is unset. H2 reads
 * the property once, into a constant, when its {@code SysProperties} class initialises, which
 * happens on first use of nearly any H2 class (the JDBC driver included).
 *
 * <p><b>Caveat:</b> so this must run before anything in the same class loader touches H2.
 * {@link EmbeddedDatabase#start} calls it first. If H2 was initialised earlier without the
 * property, or with another address, starting fails rather than listening on every interface;
 * the cure is {@code -Dh2.bindAddress=127.0.0.1} on the JVM command line. The property also
 * applies to any other H2 server started in that class loader, which is intended.
 */
final class H2LoopbackBinding {

    static final String PROPERTY = "h2.bindAddress";
    static final String LOOPBACK = "127.0.0.1";

    private H2LoopbackBinding() {
    }

    /** Sets {@code h2.bindAddress} and checks that H2 took it. */
    static void enforce() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            System.setProperty(PROPERTY, LOOPBACK);
        } else if (!LOOPBACK.equals(configured.strip())) {
            throw new DatabaseException("The system property " + PROPERTY + " is '" + configured
                    + "', but procgate's database must listen on " + LOOPBACK + " only; remove that property "
                    + "or set it to " + LOOPBACK);
        }
        // First access initialises SysProperties if nobody has yet; otherwise shows what H2 saw then.
        String effective = SysProperties.BIND_ADDRESS;
        if (!LOOPBACK.equals(effective == null ? null : effective.strip())) {
            throw new DatabaseException("H2 was initialised before procgate could restrict it to " + LOOPBACK
                    + " (it binds to " + (effective == null ? "all interfaces" : effective) + "); start the JVM with -D"
                    + PROPERTY + "=" + LOOPBACK);
        }
    }
}
