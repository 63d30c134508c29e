package org.procgate.admin.control;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramException;

/**
 * Sends every subscriber a snapshot of all pools once a second (event {@code pools}), for the
 * console's live tables and charts. One timer serves all subscribers; it runs while any are there.
 */
@ApplicationScoped
public class PoolFeed {

    private static final Logger LOG = Logger.getLogger(PoolFeed.class.getName());
    static final long PERIOD_MILLIS = 1000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    PoolAdministrationLocator locator;

    private final Jsonb jsonb = JsonbBuilder.create();
    private Sse sse;
    private SseBroadcaster broadcaster;
    private ScheduledFuture<?> timer;
    private int subscribers;

    /** One snapshot: the time and every pool's status. */
    public record Snapshot(Instant time, List<PoolStatus> pools) {
    }

    public synchronized void subscribe(SseEventSink sink, Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            broadcaster = sse.newBroadcaster();
            broadcaster.onClose(closed -> unsubscribed());
            broadcaster.onError((closed, error) -> unsubscribed());
        }
        broadcaster.register(sink);
        subscribers++;
        send(sink);
        if (timer == null) {
            timer = scheduler.scheduleAtFixedRate(this::broadcast, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void unsubscribed() {
        subscribers = Math.max(0, subscribers - 1);
        if (subscribers == 0 && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void send(SseEventSink sink) {
        sink.send(event());
    }

    private void broadcast() {
        SseBroadcaster current;
        synchronized (this) {
            current = broadcaster;
        }
        if (current != null) {
            current.broadcast(event());
        }
    }

    private OutboundSseEvent event() {
        List<PoolStatus> pools;
        try {
            pools = locator.administration().pools();
        } catch (ProgramException e) {
            LOG.fine(() -> "no pool status: " + e.getMessage());
            pools = List.of();
        }
        return sse.newEventBuilder().name("pools").mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, jsonb.toJson(new Snapshot(Instant.now(), pools))).build();
    }

    @PreDestroy
    synchronized void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (broadcaster != null) {
            broadcaster.close();
        }
    }
}
