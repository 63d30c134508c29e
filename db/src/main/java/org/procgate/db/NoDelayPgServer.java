package org.procgate.db;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.server.pg.PgServer;

/**
 * H2's PostgreSQL-protocol server with Nagle's algorithm turned off on every connection, and
 * each reply sent in one write ({@link ReplyBatchingSocket}).
 *
 * <p>Why: H2 writes each protocol message in two pieces (its type byte, then the rest). With
 * Nagle on, the second piece waits for the client's ACK of the first, and libpq's ACK is delayed
 * by 40 ms: every query of a program took 44 ms, however small. H2 2.5 has no option for
 * {@code TCP_NODELAY}, so this server runs H2's own accept loop with the option set, reaching
 * H2's package-private pieces by reflection. With it the same query takes well under a millisecond.
 * Then H2 still wrote every message of a reply separately, about 25 writes for a page of twenty
 * rows, each one waking the client: replies now leave whole.
 *
 * <p>Everything else (authentication, the loopback-only check, one thread per connection) is
 * H2's. If a future H2 changes the pieces used here, starting the server fails with a message
 * naming this class, rather than silently serving slowly.
 */
public class NoDelayPgServer extends PgServer {

    private static final Logger LOG = Logger.getLogger(NoDelayPgServer.class.getName());

    private final Internals internals = Internals.find();

    @Override
    public void listen() {
        String threadName = Thread.currentThread().getName();
        try {
            ServerSocket serverSocket = (ServerSocket) internals.serverSocket.get(this);
            while (!internals.stopped(this)) {
                Socket socket = serverSocket.accept();
                if (!(boolean) internals.allow.invoke(this, socket)) {
                    socket.close();
                    continue;
                }
                Socket connected;
                try {
                    socket.setTcpNoDelay(true);
                    connected = new ReplyBatchingSocket(socket);
                } catch (IOException e) {
                    // this client left before it was served; the next one is
                    socket.close();
                    continue;
                }
                Runnable connection = internals.newThread.newInstance(connected, this);
                internals.running(this).add(connection);
                int id = internals.pid(this).incrementAndGet();
                internals.setProcessId.invoke(connection, id);
                Thread thread = new Thread(connection, threadName + " thread-" + id);
                thread.setDaemon(internals.daemon(this));
                internals.setThread.invoke(connection, thread);
                thread.start();
            }
        } catch (Exception e) {
            if (!internals.stopped(this)) {
                LOG.log(Level.WARNING, "database: the PostgreSQL server stopped accepting connections", e);
            }
        }
    }

    /** The members of H2's PgServer and PgServerThread that the accept loop needs. */
    private static final class Internals {
        final Field serverSocket;
        final Field stop;
        final Field running;
        final Field pid;
        final Field isDaemon;
        final Method allow;
        final Constructor<? extends Runnable> newThread;
        final Method setProcessId;
        final Method setThread;

        private Internals() throws ReflectiveOperationException {
            serverSocket = field("serverSocket");
            stop = field("stop");
            running = field("running");
            pid = field("pid");
            isDaemon = field("isDaemon");
            allow = PgServer.class.getDeclaredMethod("allow", Socket.class);
            allow.setAccessible(true);
            Class<? extends Runnable> threadClass =
                    Class.forName("org.h2.server.pg.PgServerThread", false, PgServer.class.getClassLoader())
                            .asSubclass(Runnable.class);
            newThread = threadClass.getDeclaredConstructor(Socket.class, PgServer.class);
            newThread.setAccessible(true);
            setProcessId = threadClass.getDeclaredMethod("setProcessId", int.class);
            setProcessId.setAccessible(true);
            setThread = threadClass.getDeclaredMethod("setThread", Thread.class);
            setThread.setAccessible(true);
        }

        static Internals find() {
            try {
                return new Internals();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new DatabaseException("This H2 version's PostgreSQL server does not have the members "
                        + NoDelayPgServer.class.getName() + " relies on (" + e + "); use the H2 version in the "
                        + "build, or adapt that class", e);
            }
        }

        private static Field field(String name) throws NoSuchFieldException {
            Field field = PgServer.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        }

        boolean stopped(PgServer server) {
            try {
                return stop.getBoolean(server);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean daemon(PgServer server) throws IllegalAccessException {
            return isDaemon.getBoolean(server);
        }

        @SuppressWarnings("unchecked")
        Set<Object> running(PgServer server) throws IllegalAccessException {
            return (Set<Object>) running.get(server);
        }

        AtomicInteger pid(PgServer server) throws IllegalAccessException {
            return (AtomicInteger) pid.get(server);
        }
    }
}
