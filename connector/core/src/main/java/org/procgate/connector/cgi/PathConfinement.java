package org.procgate.connector.cgi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * The rules that keep a path from a request (or from a program) inside a directory, shared by
 * CGI scripts and the files programs hand to the server: the raw path is split on '/' first and
 * each segment decoded exactly once, so an encoded slash or dot-dot cannot change the walk; '.'
 * and '..' are refused (400), dot-files and editor backups are not found (404); and the real
 * path, symlinks resolved, must lie under the directory's real path (else 404).
 *
 * @param noun what the files are, for messages: {@code script}, {@code file}
 */
public record PathConfinement(String noun) {

    /** The segments of a raw path, each decoded once; empty segments are skipped. */
    public static List<String> decodedSegments(String rawPath) throws ProgramException {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String segment = PathDecoder.decodeOnce(raw);
            if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                throw new ProgramException(Failure.BAD_REQUEST, "encoded '/', '\\' or NUL in the path");
            }
            segments.add(segment);
        }
        return segments;
    }

    /** Refuses '.' and '..' (400). */
    public static void checkNotDotSegment(String segment) throws ProgramException {
        if (segment.equals(".") || segment.equals("..")) {
            throw new ProgramException(Failure.BAD_REQUEST, "'.' and '..' are not allowed in the path");
        }
    }

    /** Refuses '.' and '..' (400), and hides dot-files and editor backups (404). */
    public void checkSegment(String segment) throws ProgramException {
        checkNotDotSegment(segment);
        if (segment.startsWith(".") || segment.endsWith("~") || segment.startsWith("#")
                || segment.matches(".*\\.(bak|orig|swp|swo|tmp|old|save)$")) {
            throw notFound();
        }
    }

    /**
     * The candidate's real path (symlinks resolved), if it lies under {@code realRoot} and no
     * segment of it below the root is one {@link #checkSegment} refuses (a link to a dot-file).
     */
    public Path underRoot(Path realRoot, Path candidate) throws ProgramException {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw notFound();
        }
        if (!real.startsWith(realRoot)) {
            throw new ProgramException(Failure.NOT_FOUND, noun + " is outside its directory");
        }
        for (Path segment : realRoot.relativize(real)) {
            checkSegment(segment.toString());
        }
        return real;
    }

    public ProgramException notFound() {
        return new ProgramException(Failure.NOT_FOUND, "no such " + noun);
    }
}
