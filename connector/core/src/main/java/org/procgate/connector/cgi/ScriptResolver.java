package org.procgate.connector.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * Finds which file under the script root a request path names, the way Apache's ScriptAlias
 * does: segments are walked from the root until one is a regular file; the rest is path info.
 * <p>
 * Confinement ({@link PathConfinement}): the raw path is split on '/' first and each segment
 * decoded exactly once, so an encoded slash or dot-dot cannot change the walk; '.', '..', empty,
 * dot-file and editor-backup segments are refused (in the path info as well, '.' and '..'); the
 * file's real path (symlinks resolved) must lie under the root's.
 */
public final class ScriptResolver {

    private static final PathConfinement CONFINEMENT = new PathConfinement("script");

    private final Path root;

    public ScriptResolver(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    public Path root() {
        return root;
    }

    /**
     * @param mountPath the path the script directory is served under, e.g. {@code /cgi-bin}
     * @param rawPath   the still-encoded path after the mount, e.g. {@code /test.py/extra%20info}
     */
    public ResolvedScript resolve(String mountPath, String rawPath) throws ProgramException {
        return resolve(mountPath, rawPath, true);
    }

    /**
     * @param requireExecutable false for files a FastCGI worker reads itself (a PHP page), true
     *                          for programs that are executed
     */
    public ResolvedScript resolve(String mountPath, String rawPath, boolean requireExecutable) throws ProgramException {
        List<String> segments = PathConfinement.decodedSegments(rawPath);
        if (segments.isEmpty()) {
            throw new ProgramException(Failure.NOT_FOUND, "no script named in the path");
        }
        Path current = root;
        StringBuilder scriptName = new StringBuilder(mountPath);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            CONFINEMENT.checkSegment(segment);
            current = current.resolve(segment);
            scriptName.append('/').append(segment);
            if (Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(current)) {
                Path file = CONFINEMENT.underRoot(root, current);
                if (!Files.isRegularFile(file)) {
                    throw notFound();
                }
                if (requireExecutable && !Files.isExecutable(file)) {
                    throw new ProgramException(Failure.NOT_FOUND, "script " + scriptName + " is not executable");
                }
                List<String> rest = segments.subList(i + 1, segments.size());
                for (String extra : rest) {
                    PathConfinement.checkNotDotSegment(extra);
                }
                String pathInfo = pathInfo(rest, rawPath);
                // the script root stands in for a document root; no '..' is left to climb out of it
                String pathTranslated = pathInfo.isEmpty() ? null : root + pathInfo;
                return new ResolvedScript(file, scriptName.toString(), pathInfo, pathTranslated);
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw notFound();
            }
        }
        throw notFound();
    }

    private static String pathInfo(List<String> rest, String rawPath) {
        if (rest.isEmpty()) {
            return rawPath.endsWith("/") && !rawPath.equals("/") ? "/" : "";
        }
        return "/" + String.join("/", rest) + (rawPath.endsWith("/") ? "/" : "");
    }

    private static ProgramException notFound() {
        return CONFINEMENT.notFound();
    }
}
