package org.procgate.connector.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Test-only: where the worker programs of the tests are, and the commands that run them. */
public final class TestPrograms {

    public static final String PYTHON = "/usr/bin/python3";

    private TestPrograms() {
    }

    /** The project's root (surefire passes it; a run from the IDE starts in connector/core). */
    public static Path home() {
        String home = System.getProperty("procgate.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath().getParent().getParent();
        if (!Files.isDirectory(root.resolve("samples/lib"))) {
            throw new IllegalStateException("cannot find the project root (samples/lib) from " + root);
        }
        return root;
    }

    /**
     * Lets the programs' user (not the test's, when tests run as root and programs as nobody) into
     * the directory and write to it, as to a scratch directory of their own; returns it.
     */
    public static Path shareWithPrograms(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** connector/core/src/test/programs */
    public static Path programs() {
        return home().resolve("connector/core/src/test/programs");
    }

    /** The directory of samples/lib/fcgi_responder.py, for PYTHONPATH. */
    public static String responderLibrary() {
        return home().resolve("samples/lib").toString();
    }

    /** The test WSGI app on the project's responder; with {@code bind}, it listens on {@code {socket}}. */
    public static List<String> testApp(boolean bind) {
        List<String> command = new ArrayList<>(List.of(PYTHON, programs().resolve("test_app.py").toString()));
        if (bind) {
            command.addAll(List.of("--bind", "{socket}"));
        }
        return command;
    }

    /** raw_worker.py in one of its modes. */
    public static List<String> rawWorker(String mode, int count) {
        return List.of(PYTHON, programs().resolve("raw_worker.py").toString(), "--bind", "{socket}", "--mode", mode,
                "--count", Integer.toString(count));
    }

    /** A settings builder for the test app, with PYTHONPATH set for the responder. */
    public static PoolSettingsBuilder testAppPool(String name) {
        return PoolSettingsBuilder.fastcgi(name, testApp(true)).env("PYTHONPATH", responderLibrary());
    }

    /** A pool of raw_worker.py in {@code mode}, named after the mode. */
    public static PoolSettingsBuilder rawWorkerPool(String mode, int count) {
        return PoolSettingsBuilder.fastcgi(mode, rawWorker(mode, count));
    }
}
