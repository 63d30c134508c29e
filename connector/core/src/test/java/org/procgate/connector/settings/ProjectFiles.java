package org.procgate.connector.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test-only: the project's own files (the README, the server descriptors), found from the module's directory. */
final class ProjectFiles {

    private ProjectFiles() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("procgate")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the procgate project");
        }
        return dir;
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every XML file of the project outside build output, whose text contains {@code marker}. */
    static List<Path> xmlFilesContaining(String marker) {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".xml"))
                    .filter(p -> !root().relativize(p).toString().matches("(.*/)?(target|node_modules|\\.git)/.*"))
                    .filter(p -> contains(p, marker))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, String marker) {
        try {
            return Files.readString(file).contains(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
