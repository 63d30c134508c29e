package org.procgate.cluster.control;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * Every node's pools, where the server has a data grid (Payara's, when its nodes are clustered):
 * each node publishes a {@link NodeSnapshot} of its own pools every second, and reads the others'.
 * The grid only carries these read-only snapshots; an action on another node's pool goes to that
 * node's own admin API ({@link RemoteNodeAdmin}). Without a grid the view is this node alone.
 */
@ApplicationScoped
public class NodeView {

    /** How long a node stays in the view after its last snapshot. */
    static final Duration TTL = Duration.ofSeconds(5);
    static final long PERIOD_MILLIS = 1000;
    private static final Logger LOG = Logger.getLogger(NodeView.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    PoolAdministrationLocator locator;

    private final Jsonb jsonb = JsonbBuilder.create();
    private final ThisNode self = ThisNode.fromSettings();
    private volatile Grid grid = Grid.NONE;
    private ScheduledFuture<?> timer;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        grid = GridLocator.find();
        if (grid != Grid.NONE) {
            LOG.info(() -> "node " + self.name() + " publishes its pools to the data grid every second");
            timer = scheduler.scheduleAtFixedRate(this::publish, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** This node's name. */
    public String self() {
        return self.name();
    }

    /** Every node in the view, this one first (live), then the others by name (as last published). */
    public List<JsonObject> nodes() throws ProgramException {
        List<JsonObject> nodes = new ArrayList<>();
        nodes.add(withSelf(parse(jsonb.toJson(snapshot())), true));
        grid.snapshots().entrySet().stream().filter(e -> !e.getKey().equals(self.name()))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                .forEach(snapshot -> nodes.add(withSelf(parse(snapshot), false)));
        return nodes;
    }

    /** The admin URL another node published, for an action on its pools. */
    public String urlOf(String node) throws ProgramException {
        String snapshot = grid.snapshots().get(node);
        if (snapshot == null || node.equals(self.name())) {
            throw new ProgramException(Failure.NOT_FOUND, "no node " + node + " in the cluster's view");
        }
        String url = Optional.ofNullable(parse(snapshot).getString("url", null)).orElse("");
        if (url.isEmpty()) {
            throw new ProgramException(Failure.UNAVAILABLE, "node " + node
                    + " published no URL for its admin API (procgate.node.url), so no other node can act on its pools");
        }
        return url;
    }

    private void publish() {
        try {
            grid.publish(self.name(), jsonb.toJson(snapshot()));
        } catch (ProgramException | RuntimeException e) {
            LOG.log(Level.FINE, "node " + self.name() + " could not publish its pools", e);
        }
    }

    private NodeSnapshot snapshot() throws ProgramException {
        return new NodeSnapshot(self.name(), self.url(), Instant.now(), locator.administration().pools());
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonObject withSelf(JsonObject node, boolean self) {
        return Json.createObjectBuilder(node).add("self", self).build();
    }
}
