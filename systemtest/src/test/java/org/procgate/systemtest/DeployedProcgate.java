package org.procgate.systemtest;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.procgate.systemtest.server.Layout;
import org.procgate.systemtest.server.ServerUnderTest;
import org.procgate.systemtest.server.Servers;

/**
 * Starts the server named by {@code procgate.server} once for the whole run, before the first
 * test class, and stops it when the run ends, passed or failed: it lives in the root store, which
 * JUnit closes at the end. With {@code procgate.database=external} a separate database server is
 * started first and procgate is switched to it.
 */
public final class DeployedProcgate implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DeployedProcgate.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Procgate.class || type == ServerUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = running(context);
        return parameter.getParameter().getType() == Procgate.class ? new Procgate(running.server.baseUrl()) : running.server;
    }

    private static Running running(ExtensionContext context) {
        Running running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
        if (running.failure != null) {
            throw new IllegalStateException("the server under test did not start", running.failure);
        }
        return running;
    }

    /** The started server (or why it did not start), closed by JUnit when the run ends. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {

        private final ServerUnderTest server;
        private final StandaloneDatabaseServer database;
        private final Exception failure;

        private Running(ServerUnderTest server, StandaloneDatabaseServer database, Exception failure) {
            this.server = server;
            this.database = database;
            this.failure = failure;
        }

        static Running start() {
            Layout layout = Layout.fromSystemProperties();
            ServerUnderTest server = null;
            StandaloneDatabaseServer database = null;
            try {
                Servers.DatabaseOptions options = Servers.DatabaseOptions.embedded();
                if ("external".equals(System.getProperty("procgate.database"))) {
                    database = StandaloneDatabaseServer.start(layout);
                    options = Servers.DatabaseOptions.external(database.procgateOptions());
                }
                server = Servers.create(System.getProperty("procgate.server", "payara-micro"), layout, options);
                ServerMatrixListener.describe(server.displayName(), database != null);
                long started = System.nanoTime();
                server.start();
                ServerMatrixListener.startedIn(java.time.Duration.ofNanos(System.nanoTime() - started));
                return new Running(server, database, null);
            } catch (Exception e) {
                return new Running(server, database, e);
            }
        }

        @Override
        public void close() {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }
}
