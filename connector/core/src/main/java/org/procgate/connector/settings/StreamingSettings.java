package org.procgate.connector.settings;

import java.nio.file.Path;

/**
 * How a pool passes answers on, as nginx's {@code fastcgi_buffering} and
 * {@code fastcgi_ignore_client_abort} do.
 *
 * @param responseBuffering   whether an answer the client does not take as fast as the program
 *                            writes it is held (in memory, then in a temporary file) so the
 *                            program is released as soon as it has finished; off: pure
 *                            pass-through, the program waits for the client
 * @param responseBufferBytes memory held per buffered answer before it spills to a file
 * @param maxTempFileBytes    the most one answer may spill to its temporary file; past it the
 *                            program waits for the client (0: no spilling)
 * @param ignoreClientAbort   whether a program runs to its end when the client leaves
 * @param sendfileRoot        the directory programs may name files in for the server to send
 *                            ({@code X-Accel-Redirect}, {@code X-Sendfile}); {@code null}: none
 */
public record StreamingSettings(boolean responseBuffering, int responseBufferBytes, long maxTempFileBytes,
                                boolean ignoreClientAbort, Path sendfileRoot) {

    /** No file offload. */
    public StreamingSettings(boolean responseBuffering, int responseBufferBytes, long maxTempFileBytes,
                             boolean ignoreClientAbort) {
        this(responseBuffering, responseBufferBytes, maxTempFileBytes, ignoreClientAbort, null);
    }

    /** Every streaming setting at its default ({@link PoolSetting}). */
    public static StreamingSettings defaults() {
        return PoolSettingsReader.defaults().streaming();
    }

    public StreamingSettings {
        if (responseBufferBytes < 4096) {
            throw new IllegalArgumentException("responseBufferBytes must be at least 4096, got " + responseBufferBytes);
        }
        if (maxTempFileBytes < 0) {
            throw new IllegalArgumentException("maxTempFileBytes must be 0 or more, got " + maxTempFileBytes);
        }
    }
}
