package org.procgate.connector.offload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.OffloadedFile;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ResponseSink;
import org.procgate.connector.process.ProgramIdentity;
import org.procgate.connector.settings.PoolSettings;

/**
 * File offload, as nginx's {@code X-Accel-Redirect} and Apache's {@code X-Sendfile}: an answer
 * that carries one of these headers is held back (its body, if any, is dropped), and once the
 * program is released {@link #sendFile} hands the named file under the pool's
 * {@code sendfileRoot} to the caller's sink, with the program's status and other headers.
 *
 * <p>A pool without {@code sendfileRoot} offloads nothing: the headers are dropped (they name
 * server paths; nginx never passes its {@code X-Accel-*} headers on either) and the rest of the
 * answer passes unchanged.
 */
public final class FileOffload implements ResponseSink {

    private static final Logger LOG = Logger.getLogger(FileOffload.class.getName());
    /** One root per directory and identity, made once: it resolves the root and reads the user's groups. */
    private static final Map<String, OffloadRoot> ROOTS = new ConcurrentHashMap<>();
    /** Pools already warned of offload headers they ignore. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final ResponseSink next;
    private final ResponseSink client;
    private final PoolSettings settings;
    private int status;
    private OffloadRequest pending;

    /**
     * @param next   where an answer that names no file goes (a spool, or the client)
     * @param client where the file goes, straight: the program is done by then
     */
    public FileOffload(ResponseSink next, ResponseSink client, PoolSettings settings) {
        this.next = next;
        this.client = client;
        this.settings = settings;
    }

    @Override
    public void head(int status, List<Header> headers) throws IOException {
        OffloadRequest request = OffloadRequest.in(headers);
        if (request == null) {
            next.head(status, headers);
        } else if (settings.streaming().sendfileRoot() == null) {
            if (WARNED.add(settings.name())) {
                LOG.warning("pool " + settings.name() + ": a program answered with " + request.header()
                        + ", which is dropped: set the pool's sendfileRoot to let the server send such files");
            }
            next.head(status, OffloadRequest.withoutOffloadHeaders(headers));
        } else {
            this.status = status;
            this.pending = request;
        }
    }

    @Override
    public void localRedirect(String location) throws IOException {
        next.localRedirect(location);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (pending == null) {
            next.write(bytes, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending == null) {
            next.flush();
        }
    }

    /** An answer that names a file ends once the file is sent, after the program's release. */
    @Override
    public void end() throws IOException {
        if (pending == null) {
            next.end();
        }
    }

    /**
     * Sends the file the program named, if it named one; call it once the program is released.
     *
     * @throws ProgramException NOT_FOUND, FORBIDDEN or BAD_REQUEST for a file that is not sent
     *                          (nothing was sent then), CLIENT_ABORTED if the client left
     */
    public void sendFile() throws ProgramException {
        if (pending == null) {
            return;
        }
        OffloadedFile file = root().open(pending, "pool " + settings.name() + ": ");
        try (var channel = file.channel()) {
            client.file(status, pending.headers(), file);
        } catch (IOException e) {
            throw new ProgramException(Failure.CLIENT_ABORTED, "pool " + settings.name()
                    + ": the client went away before it had the whole file (the program had finished)", e);
        }
    }

    private OffloadRoot root() throws ProgramException {
        Path directory = settings.streaming().sendfileRoot();
        ProgramIdentity identity = settings.identity();
        String key = directory + "\0" + identity;
        OffloadRoot root = ROOTS.get(key);
        if (root == null) {
            try {
                root = new OffloadRoot(directory, identity);
            } catch (IOException | IllegalArgumentException e) {
                throw new ProgramException(Failure.UNAVAILABLE, "pool " + settings.name() + ": its sendfileRoot "
                        + directory + " cannot be used: " + e.getMessage(), e);
            }
            ROOTS.putIfAbsent(key, root);
        }
        return root;
    }
}
