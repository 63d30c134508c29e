package org.procgate.loadtest;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body that is counted, not kept: a download of any size costs the generator the same
 * few bytes. Only the first {@value #HEAD_BYTES} bytes are kept, to check short answers.
 */
final class CountingBody implements HttpResponse.BodySubscriber<CountingBody.Counted> {

    static final int HEAD_BYTES = 512;

    /** The body's length and its first bytes. */
    record Counted(long bytes, String head) {
    }

    private final CompletableFuture<Counted> result = new CompletableFuture<>();
    private final ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES);
    private long bytes;

    static HttpResponse.BodyHandler<Counted> handler() {
        return info -> new CountingBody();
    }

    @Override
    public CompletionStage<Counted> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            bytes += buffer.remaining();
            if (head.hasRemaining()) {
                ByteBuffer part = buffer.duplicate();
                part.limit(part.position() + Math.min(part.remaining(), head.remaining()));
                head.put(part);
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Counted(bytes, new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1)));
    }
}
