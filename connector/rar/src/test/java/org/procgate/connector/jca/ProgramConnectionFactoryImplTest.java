package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.procgate.connector.jca.JcaFixture.scriptRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.naming.Reference;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ManagedConnection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;

/**
 * The application's side: the connection factory the server binds gets every connection from the
 * server's connection manager, and the managed connection factory lets that manager reuse what it
 * has (matchManagedConnections). The pool behind a factory opens on first use.
 */
class ProgramConnectionFactoryImplTest {

    @TempDir
    Path scripts;

    private final JcaFixture fixture = new JcaFixture();
    private ProcgateResourceAdapter adapter;
    private ProgramManagedConnectionFactory managedFactory;

    @BeforeEach
    void pool() throws IOException {
        adapter = fixture.startedAdapter();
        managedFactory = JcaFixture.cgiPool(adapter, "cf", JcaFixture.helloScripts(scripts));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void connectionsComeFromTheConnectionManagerAndRunPrograms() throws Exception {
        PoolingConnectionManager manager = new PoolingConnectionManager();
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(manager);

        try (ProgramConnection connection = factory.getConnection()) {
            assertThat(connection.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
        }
        try (ProgramConnection again = factory.getConnection()) {
            assertThat(again.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
        }

        assertThat(manager.created).as("the closed connection came back and was matched for the second").hasSize(1);
        assertThat(manager.free).containsExactlyElementsOf(manager.created);
        assertThat(manager.destroyed).isEmpty();
    }

    @Test
    void twoOpenConnectionsNeedTwoManagedConnections() throws Exception {
        PoolingConnectionManager manager = new PoolingConnectionManager();
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(manager);

        try (ProgramConnection first = factory.getConnection(); ProgramConnection second = factory.getConnection()) {
            assertThat(first.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
            assertThat(second.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
            assertThat(manager.created).hasSize(2);
        }
        assertThat(manager.free).hasSize(2);
    }

    @Test
    void aConnectionManagerThatCannotAllocateMakesThePoolUnavailableAfterTheBorrowTimeout() {
        managedFactory.setBorrowTimeoutMillis("300");
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        ConnectionManager refusing = (factory, info) -> {
            attempts.incrementAndGet();
            throw new ResourceException("the server's pool is exhausted");
        };
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(refusing);

        long start = System.nanoTime();
        ProgramException refused = catchThrowableOfType(ProgramException.class, factory::getConnection);

        assertThat(refused.failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("cf").contains("the server's pool is exhausted");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms tried").isBetween(300L, 3000L);
        assertThat(attempts.get()).as("allocations tried").isGreaterThan(1);
    }

    @Test
    void anAllocationTheServerRefusesForAMomentIsTriedAgain() throws Exception {
        PoolingConnectionManager pooling = new PoolingConnectionManager();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        ConnectionManager remaking = (factory, info) -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new ResourceException("no pool meta data: the server is making the pool again");
            }
            return pooling.allocateConnection(factory, info);
        };
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(remaking);

        try (ProgramConnection connection = factory.getConnection()) {
            assertThat(connection.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
        }
        assertThat(attempts.get()).isEqualTo(4);
    }

    @Test
    void aFactoryMadeAgainWithOtherPropertiesReloadsItsOpenPoolForTheFirstFactoryToo() throws Exception {
        PoolingConnectionManager manager = new PoolingConnectionManager();
        ProgramConnectionFactory first = (ProgramConnectionFactory) managedFactory.createConnectionFactory(manager);
        assertThat(first.status().maxWorkers()).isEqualTo(2);
        // as a server that makes a pool's factory for each deployment that uses it
        JcaFixture.cgiPool(adapter, "cf", scripts);
        assertThat(first.status().maxWorkers()).as("the same definition changes nothing").isEqualTo(2);
        assertThat(first.replaced()).as("the same definition replaces nothing").isFalse();

        ProgramConnectionFactory again = (ProgramConnectionFactory) cgiPoolWithMaxWorkers(scripts, "3")
                .createConnectionFactory(manager);

        assertThat(first.status().maxWorkers()).as("the pool the first factory reaches").isEqualTo(3);
        assertThat(first.replaced()).isTrue();
        assertThat(again.replaced()).isFalse();
        try (ProgramConnection connection = first.getConnection()) {
            assertThat(connection.execute(scriptRequest("hello.sh")).bodyText())
                    .as("a replaced factory's connection still reaches the pool").isEqualTo("hello");
        }
    }

    @Test
    void aFactoryWhoseDefinitionIsMadeAgainIsNoLongerReplaced() {
        ProgramConnectionFactory first = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        ProgramConnectionFactory changed = (ProgramConnectionFactory) cgiPoolWithMaxWorkers(scripts, "3")
                .createConnectionFactory(new PoolingConnectionManager());

        JcaFixture.cgiPool(adapter, "cf", scripts); // the operator changed it back

        assertThat(first.replaced()).as("equal to the pool's latest factory, as the server compares them").isFalse();
        assertThat(changed.replaced()).isTrue();
    }

    @Test
    void aPoolThatIsNotOpenHasItsFactoryReplacedAndStaysClosed() throws Exception {
        ProgramConnectionFactory first = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());

        cgiPoolWithMaxWorkers(scripts, "3");

        assertThat(first.replaced()).isTrue();
        assertThat(adapter.registry().pools()).isEmpty();
    }

    @Test
    void aDefinitionThePoolRefusesReplacesNoFactoryUntilAValidOneIsMade() throws Exception {
        ProgramConnectionFactory first = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        first.status();

        ProgramConnectionFactory invalid = (ProgramConnectionFactory) cgiPoolWithMaxWorkers(scripts, "four")
                .createConnectionFactory(new PoolingConnectionManager());

        assertThat(first.replaced()).as("the pool keeps its definition, and the factory it came from").isFalse();
        assertThat(invalid.replaced()).as("made after the pool's latest").isFalse();
        assertThat(first.status().maxWorkers()).isEqualTo(2);

        ProgramConnectionFactory corrected = (ProgramConnectionFactory) cgiPoolWithMaxWorkers(scripts, "4")
                .createConnectionFactory(new PoolingConnectionManager());

        assertThat(first.replaced()).isTrue();
        assertThat(invalid.replaced()).isTrue();
        assertThat(corrected.replaced()).isFalse();
        assertThat(corrected.status().maxWorkers()).isEqualTo(4);
    }

    @Test
    void aReloadThroughTheAdminApiReplacesNoFactory() throws Exception {
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        factory.status();

        adapter.registry().reload("cf", java.util.Map.of("maxWorkers", "3"));

        assertThat(factory.status().maxWorkers()).isEqualTo(3);
        assertThat(factory.replaced()).as("the server made no factory: the one it holds is this one's").isFalse();
    }

    @Test
    void aFactoryOfAnotherPoolOrOfAStoppedAdapterIsNotReplaced() {
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        JcaFixture.cgiPool(adapter, "other", scripts);
        assertThat(factory.replaced()).as("another pool's factory made again").isFalse();

        cgiPoolWithMaxWorkers(scripts, "3");
        adapter.stop();

        assertThat(factory.replaced()).as("its adapter stopped: nothing to compare with").isFalse();
    }

    /** The test pool's definition with another maxWorkers, made by the server and associated with the adapter. */
    private ProgramManagedConnectionFactory cgiPoolWithMaxWorkers(Path scriptRoot, String maxWorkers) {
        ProgramManagedConnectionFactory factory = new ProgramManagedConnectionFactory();
        factory.setPoolName("cf");
        factory.setKind("cgi");
        factory.setScriptRoot(scriptRoot.toString());
        factory.setMaxWorkers(maxWorkers);
        factory.setShutdownGraceMillis("200");
        factory.setResourceAdapter(adapter);
        return factory;
    }

    @Test
    void aFactoryMadeForAPoolThatIsNotOpenOpensNothing() throws Exception {
        JcaFixture.cgiPool(adapter, "other", scripts);
        assertThat(adapter.registry().pools()).isEmpty();
    }

    @Test
    void thePoolOpensOnFirstUseAndTheFactoryReportsIt() throws Exception {
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        assertThat(adapter.registry().pools()).as("nothing opens before the pool is used").isEmpty();
        assertThat(factory.poolName()).isEqualTo("cf");

        PoolStatus status = factory.status();

        assertThat(status.name()).isEqualTo("cf");
        assertThat(status.kind()).isEqualTo("cgi");
        assertThat(status.state()).isEqualTo(PoolStatus.State.RUNNING);
        assertThat(adapter.registry().pools()).extracting(pool -> pool.settings().name()).containsExactly("cf");
    }

    @Test
    void theRequiredRolesComeFromTheDefinitionWithoutOpeningThePool() throws Exception {
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        assertThat(factory.requiredRoles()).as("no roles named: anyone").isEmpty();

        managedFactory.setRequiredRoles(" git-pusher, maintainer ,");

        assertThat(factory.requiredRoles()).containsExactlyInAnyOrder("git-pusher", "maintainer");
        assertThat(managedFactory.getRequiredRoles()).isEqualTo(" git-pusher, maintainer ,");
        assertThat(adapter.registry().pools()).isEmpty();
    }

    @Test
    void aPoolWhoseDefinitionIsInvalidNamesNoRolesItIsUnavailable() {
        managedFactory.setRequiredRoles("git-pusher");
        managedFactory.setMaxWorkers("four");
        ProgramConnectionFactory factory = (ProgramConnectionFactory) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());

        ProgramException refused = catchThrowableOfType(ProgramException.class, factory::requiredRoles);

        assertThat(refused.failure()).as("never an empty set, which would let anyone in").isEqualTo(Failure.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("maxWorkers");
    }

    @Test
    void aFactoryOfNoAdapterIsUnavailable() {
        ProgramManagedConnectionFactory orphan = JcaFixture.cgiPool(adapter, "orphan", scripts);
        orphan.setResourceAdapter(null);
        ProgramConnectionFactory factory = (ProgramConnectionFactory) orphan.createConnectionFactory(new PoolingConnectionManager());

        assertThat(catchThrowableOfType(ProgramException.class, factory::status).failure()).isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void outsideAServerThereIsNoFactory() {
        assertThatThrownBy(() -> managedFactory.createConnectionFactory()).isInstanceOf(NotSupportedException.class);
    }

    @Test
    void theFactoryKeepsItsNamingReference() {
        ProgramConnectionFactoryImpl factory = (ProgramConnectionFactoryImpl) managedFactory.createConnectionFactory(
                new PoolingConnectionManager());
        Reference reference = new Reference(ProgramConnectionFactory.class.getName());
        factory.setReference(reference);
        assertThat(factory.getReference()).isSameAs(reference);
    }

    @Test
    void matchingPicksAManagedConnectionOfThisFactory() throws Exception {
        ManagedConnection own = managedFactory.createManagedConnection(null, null);
        ProgramManagedConnectionFactory otherFactory = JcaFixture.cgiPool(adapter, "other", scripts);
        ManagedConnection others = otherFactory.createManagedConnection(null, null);

        assertThat(managedFactory.matchManagedConnections(new HashSet<>(Set.of(others, own)), null, null)).isSameAs(own);
        assertThat(managedFactory.matchManagedConnections(new HashSet<>(Set.of(others)), null, null))
                .as("another pool's connection").isNull();
        assertThat(managedFactory.matchManagedConnections(new HashSet<>(Set.of("not a connection")), null, null)).isNull();
        assertThat(managedFactory.matchManagedConnections(new HashSet<>(), null, null)).isNull();
    }

    @Test
    void theLogWriterIsKept() {
        java.io.PrintWriter writer = new java.io.PrintWriter(java.io.Writer.nullWriter());
        managedFactory.setLogWriter(writer);
        assertThat(managedFactory.getLogWriter()).isSameAs(writer);
        assertThat(managedFactory.getResourceAdapter()).isSameAs(adapter);
    }
}
