package org.procgate.connector.protocol;

import java.io.IOException;
import java.util.List;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.OffloadedFile;
import org.procgate.connector.api.ResponseSink;

/**
 * The caller's sink as a pool sees it: remembers whether the answer has started and whether the
 * client left. For a pool that lets programs finish when the client leaves, a failed sink is
 * detached instead of failing the exchange: the rest of the answer is read and dropped.
 */
public final class ClientSink implements ResponseSink {

    private final ResponseSink delegate;
    private final boolean finishWithoutClient;
    private boolean headSent;
    private IOException gone;

    /**
     * @param finishWithoutClient whether the program runs to its end after the client left
     */
    public ClientSink(ResponseSink delegate, boolean finishWithoutClient) {
        this.delegate = delegate;
        this.finishWithoutClient = finishWithoutClient;
    }

    @Override
    public void head(int status, List<Header> headers) throws IOException {
        headSent = true;
        if (gone == null) {
            try {
                delegate.head(status, headers);
            } catch (IOException e) {
                left(e);
            }
        }
    }

    @Override
    public void localRedirect(String location) throws IOException {
        headSent = true;
        if (gone == null) {
            try {
                delegate.localRedirect(location);
            } catch (IOException e) {
                left(e);
            }
        }
    }

    @Override
    public void file(int status, List<Header> headers, OffloadedFile file) throws IOException {
        headSent = true;
        if (gone == null) {
            try {
                delegate.file(status, headers, file);
            } catch (IOException e) {
                left(e);
            }
        }
    }

    @Override
    public void end() throws IOException {
        if (gone == null) {
            try {
                delegate.end();
            } catch (IOException e) {
                left(e);
            }
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (gone == null) {
            try {
                delegate.write(bytes, offset, length);
            } catch (IOException e) {
                left(e);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        if (gone == null) {
            try {
                delegate.flush();
            } catch (IOException e) {
                left(e);
            }
        }
    }

    private void left(IOException e) throws IOException {
        gone = e;
        if (!finishWithoutClient) {
            throw e;
        }
    }

    /** Whether the status and headers went out: a failure from now on aborts the answer. */
    public boolean headSent() {
        return headSent;
    }

    /** Why the client is gone, or {@code null} while it is there. */
    public IOException gone() {
        return gone;
    }
}
