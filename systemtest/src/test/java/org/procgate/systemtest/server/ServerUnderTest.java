package org.procgate.systemtest.server;

import java.net.URI;

/**
 * One Jakarta EE server with procgate deployed on it, started and stopped by the system tests.
 * Implementations listen on 127.0.0.1 only, on ports of their own, so a procgate a developer
 * is running on the usual ports is never disturbed.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** Name and version, as shown in the server matrix. */
    String displayName();

    /** Boots the server, deploys procgate and waits until the application answers. */
    void start() throws Exception;

    /** The server's own working directory of this run: its logs, its database, procgate's access log. */
    java.nio.file.Path workDirectory() throws java.io.IOException;

    /** The application's base URL, ending in "/". */
    URI baseUrl();

    /**
     * Another listener of the server serving the application, where the console must not be
     * because {@code procgate.admin.port} gives it the main one; empty where the run sets no admin port.
     */
    default java.util.Optional<URI> listenerWithoutConsole() {
        return java.util.Optional.empty();
    }

    /**
     * Whether the server has MicroProfile (Health, Metrics, OpenAPI at its root): the Payara servers
     * of the matrix. procgate's health check and metrics are absent elsewhere, by design.
     */
    default boolean hasMicroProfile() {
        return false;
    }

    /**
     * Whether the pools exist before the application starts (the run command's postboot file), so
     * that it opens them all at start; pools added to a running server open on their first request.
     */
    default boolean poolsDefinedBeforeTheApplication() {
        return false;
    }

    /**
     * Why the server's own tooling cannot change a pool's definition while it serves; empty where
     * {@link #changePoolProperty} does.
     */
    default java.util.Optional<String> whyPoolChangesAreNotLive() {
        return java.util.Optional.of(displayName() + " has no tooling that changes a pool while it runs");
    }

    /** The server's tool and command that {@link #changePoolProperty} runs, as the README names it. */
    default String poolTool() {
        throw new UnsupportedOperationException(whyPoolChangesAreNotLive().orElse(displayName()));
    }

    /**
     * Sets one property of a pool's definition on the running server with the server's own tooling,
     * as an operator does, and returns once the server has taken it.
     *
     * @param connectorPool the server's connector pool, as the resources file names it
     */
    default void changePoolProperty(String connectorPool, String property, String value) throws Exception {
        throw new UnsupportedOperationException(whyPoolChangesAreNotLive().orElse(displayName()));
    }

    /**
     * The files the server has written its own log to so far: the current one and those it rotated
     * away, oldest first; none where the tests do not read the server's log.
     */
    default java.util.List<java.nio.file.Path> serverLogs() throws java.io.IOException {
        return java.util.List.of();
    }

    /** The server's JVM, for checking what it listens on; empty while it is not running. */
    java.util.Optional<ProcessHandle> process();

    /** Stops the server and every process it started; safe to call more than once and after a failed start. */
    @Override
    void close();
}
