package org.procgate.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

import org.junit.jupiter.api.Test;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;

/**
 * The application keeps a pool's factory until the server replaces it (an operator changed the pool
 * with the server's own tooling), then looks the pool up again.
 */
class PoolDirectoryTest {

    /** The factories the naming service binds for the pool, one per lookup, in turn. */
    private final Deque<Factory> bound = new ArrayDeque<>();
    private final List<PoolFound> found = new ArrayList<>();
    private final PoolDirectory directory = new PoolDirectory() {
        @Override
        ProgramConnectionFactory lookup(String poolName) {
            return bound.remove();
        }
    };

    PoolDirectoryTest() {
        directory.found = new Recorded();
    }

    @Test
    void aFactoryIsLookedUpOnceAndKeptWhileTheServerHasNotReplacedIt() throws Exception {
        Factory first = new Factory();
        bound.add(first);

        assertThat(directory.factory("fcgi")).isSameAs(first);
        assertThat(directory.factory("fcgi")).isSameAs(first);

        assertThat(bound).as("no second lookup").isEmpty();
        assertThat(found).containsExactly(new PoolFound("fcgi"));
    }

    @Test
    void aReplacedFactoryIsLookedUpAgainAndTheNewOneKept() throws Exception {
        Factory first = new Factory();
        Factory made = new Factory();
        bound.add(first);
        bound.add(made);
        directory.factory("fcgi");

        first.replaced = true;

        assertThat(directory.factory("fcgi")).isSameAs(made);
        assertThat(directory.factory("fcgi")).as("kept").isSameAs(made);
        assertThat(found).as("the same pool, found once").hasSize(1);
    }

    @Test
    void aLookupThatStillFindsAReplacedFactoryIsMadeAgainOnTheNextRequest() throws Exception {
        Factory first = new Factory();
        Factory stillOld = new Factory();
        Factory made = new Factory();
        bound.addAll(List.of(first, stillOld, made));
        directory.factory("fcgi");
        first.replaced = true;
        stillOld.replaced = true;

        assertThat(directory.factory("fcgi")).isSameAs(stillOld);
        assertThat(directory.factory("fcgi")).isSameAs(made);
        assertThat(directory.factory("fcgi")).isSameAs(made);
    }

    /** A factory that runs nothing and tells whether the server has replaced it. */
    private static final class Factory implements ProgramConnectionFactory {
        private volatile boolean replaced;

        @Override
        public ProgramConnection getConnection() {
            throw new AssertionError("no connection is taken");
        }

        @Override
        public String poolName() {
            return "fcgi";
        }

        @Override
        public Set<String> requiredRoles() {
            return Set.of();
        }

        @Override
        public PoolStatus status() {
            throw new AssertionError("not asked");
        }

        @Override
        public boolean replaced() {
            return replaced;
        }
    }

    /** Records the events fired, synchronously. */
    private final class Recorded implements Event<PoolFound> {
        @Override
        public void fire(PoolFound event) {
            found.add(event);
        }

        @Override
        public <U extends PoolFound> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends PoolFound> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<PoolFound> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends PoolFound> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends PoolFound> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
