package org.procgate.connector.fastcgi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.procgate.connector.protocol.ProtocolException;

/**
 * Test-only: records decoder events as text. Consecutive pieces of the same stream are merged,
 * so that input split anywhere records the same events as input decoded whole. Tests
 * override single methods to look at the raw pieces or to throw.
 */
class RecordingListener implements ResponseListener {

    final List<String> events = new ArrayList<>();
    int stdoutCalls;

    @Override
    public void onStdout(ByteBuffer content) throws ProtocolException {
        stdoutCalls++;
        append("STDOUT", content);
    }

    @Override
    public void onStderr(ByteBuffer content) {
        append("STDERR", content);
    }

    @Override
    public void onEndRequest(long appStatus, ProtocolStatus status) {
        events.add("END " + appStatus + " " + status);
    }

    @Override
    public void onValues(Map<String, String> values) {
        events.add("VALUES " + values);
    }

    @Override
    public void onUnknownTypeReply(int type) {
        events.add("UNKNOWN_TYPE " + type);
    }

    private void append(String stream, ByteBuffer content) {
        if (!content.hasRemaining()) {
            throw new AssertionError("empty " + stream + " piece delivered");
        }
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String prefix = stream + " ";
        int last = events.size() - 1;
        if (last >= 0 && events.get(last).startsWith(prefix)) {
            events.set(last, events.get(last) + text);
        } else {
            events.add(prefix + text);
        }
    }
}
