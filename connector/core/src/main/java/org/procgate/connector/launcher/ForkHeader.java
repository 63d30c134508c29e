package org.procgate.connector.launcher;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.procgate.connector.process.ProcessException;

/**
 * The header that opens a connection to the launcher: a 4-byte length, then NUL-separated
 * fields (see launcher.py). An "io" header carries what the child needs; an "err" header only
 * pairs the stderr connection with it.
 */
final class ForkHeader {

    /** The most the launcher reads; as much as the kernel lets an exec carry (ARG_MAX). */
    static final int MAX_BYTES = 2 << 20;

    private final ByteArrayOutputStream fields = new ByteArrayOutputStream(1024);
    private boolean first = true;

    private ForkHeader() {
    }

    static ByteBuffer stderr(String token) throws ProcessException {
        return new ForkHeader().field("err").field(token).bytes();
    }

    static ByteBuffer stdio(String token, List<String> argv, Path directory, Map<String, String> environment,
                            ChildLimits limits) throws ProcessException {
        ForkHeader header = new ForkHeader().field("io").field(token).field(directory.toString())
                .field(Long.toString(limits.cpuSeconds())).field(Long.toString(limits.addressSpaceBytes()))
                .field(Long.toString(limits.processes())).field(Integer.toString(argv.size()));
        for (String word : argv) {
            header.field(word);
        }
        header.field(Integer.toString(environment.size()));
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            header.field(variable.getKey() + "=" + variable.getValue());
        }
        return header.bytes();
    }

    private ForkHeader field(String value) throws ProcessException {
        if (value.indexOf('\0') >= 0) {
            throw new ProcessException("a NUL character cannot reach a program");
        }
        if (!first) {
            fields.write(0);
        }
        first = false;
        fields.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        if (fields.size() > MAX_BYTES) {
            throw new ProcessException("the program's arguments and environment exceed " + MAX_BYTES + " bytes");
        }
        return this;
    }

    private ByteBuffer bytes() {
        ByteBuffer buffer = ByteBuffer.allocate(4 + fields.size());
        buffer.putInt(fields.size()).put(fields.toByteArray()).flip();
        return buffer;
    }
}
