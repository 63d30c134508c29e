package org.procgate.connector.offload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.OffloadedFile;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.cgi.PathConfinement;
import org.procgate.connector.process.ProgramIdentity;

/**
 * The directory a pool's programs may hand files from ({@code sendfileRoot}), confined exactly as
 * CGI scripts are ({@link PathConfinement}): the path is decoded once, segment by segment; '.'
 * and '..' are refused, dot-files and backups are not found, and the real path, symlinks
 * resolved, must lie under the root's. A directory is not found either; a file the programs'
 * user may not read is forbidden ({@link ReadPermission}). The messages never name the path:
 * the log line does, under the request's id.
 */
public final class OffloadRoot {

    private static final Logger LOG = Logger.getLogger(OffloadRoot.class.getName());
    private static final PathConfinement CONFINEMENT = new PathConfinement("file");

    private final Path configured;
    private final Path real;
    private final ReadPermission permission;

    /**
     * @throws IOException the root does not exist
     */
    public OffloadRoot(Path root, ProgramIdentity identity) throws IOException {
        this.configured = root.toAbsolutePath().normalize();
        this.real = root.toRealPath();
        this.permission = new ReadPermission(identity);
    }

    /** The file the program named, opened for reading; the caller closes its channel. */
    public OffloadedFile open(OffloadRequest request, String logPrefix) throws ProgramException {
        try {
            return openConfined(request);
        } catch (ProgramException e) {
            LOG.info(() -> logPrefix + request.header() + " \"" + request.value() + "\" not sent: " + e.getMessage());
            throw e;
        }
    }

    private OffloadedFile openConfined(OffloadRequest request) throws ProgramException {
        String raw = request.rawPathUnder(List.of(configured.toString(), real.toString()));
        if (raw == null) {
            throw new ProgramException(Failure.NOT_FOUND, "file is outside its directory");
        }
        Path candidate = real;
        for (String segment : PathConfinement.decodedSegments(raw)) {
            CONFINEMENT.checkSegment(segment);
            candidate = candidate.resolve(segment);
        }
        Path file = CONFINEMENT.underRoot(real, candidate);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw CONFINEMENT.notFound();
            }
            if (!permission.allows(real, file)) {
                throw forbidden();
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new OffloadedFile(channel, attributes.size(), attributes.lastModifiedTime().toInstant());
        } catch (NoSuchFileException e) {
            throw CONFINEMENT.notFound();
        } catch (AccessDeniedException e) {
            throw forbidden();
        } catch (IOException e) {
            throw new ProgramException(Failure.NOT_FOUND, "file cannot be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    private static ProgramException forbidden() {
        return new ProgramException(Failure.FORBIDDEN, "the file may not be read");
    }
}
