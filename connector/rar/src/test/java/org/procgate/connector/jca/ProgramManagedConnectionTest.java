package org.procgate.connector.jca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.procgate.connector.jca.JcaFixture.scriptRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.TransactionSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ResponseSink;

/**
 * The managed connection's duties to the server's connection pool (JCA 6.5.4, 6.8): it tells its
 * listeners when the application closes a handle, gives up its handles on cleanup and destroy,
 * lets the server move a handle to another managed connection, and takes no part in transactions.
 */
class ProgramManagedConnectionTest {

    @TempDir
    Path scripts;

    private final JcaFixture fixture = new JcaFixture();
    private ProgramManagedConnectionFactory factory;

    @BeforeEach
    void pool() throws IOException {
        factory = JcaFixture.cgiPool(fixture.startedAdapter(), "mc", JcaFixture.helloScripts(scripts));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ProgramManagedConnection managed() throws ResourceException {
        return (ProgramManagedConnection) factory.createManagedConnection(null, null);
    }

    private static ProgramConnection handle(ProgramManagedConnection managed) {
        return (ProgramConnection) managed.getConnection(null, null);
    }

    @Test
    void closingAHandleTellsEveryListenerOnceWhichHandleItWas() throws Exception {
        ProgramManagedConnection managed = managed();
        RecordingListener first = RecordingListener.on(managed);
        RecordingListener second = RecordingListener.on(managed);
        ProgramConnection handle = handle(managed);

        handle.close();
        handle.close();

        for (RecordingListener listener : List.of(first, second)) {
            assertThat(listener.ids()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
            ConnectionEvent event = listener.events.get(0);
            assertThat(event.getSource()).isSameAs(managed);
            assertThat(event.getConnectionHandle()).isSameAs(handle);
        }
    }

    @Test
    void aRemovedListenerHearsNothing() throws Exception {
        ProgramManagedConnection managed = managed();
        RecordingListener listener = RecordingListener.on(managed);
        managed.removeConnectionEventListener(listener);

        handle(managed).close();

        assertThat(listener.events).isEmpty();
    }

    @Test
    void aFailingProgramIsNoConnectionError() throws Exception {
        // the managed connection holds no worker or socket that a program failure could break:
        // the server must keep it, so no CONNECTION_ERROR_OCCURRED
        ProgramManagedConnection managed = managed();
        RecordingListener listener = RecordingListener.on(managed);
        try (ProgramConnection handle = handle(managed)) {
            assertThat(catchThrowableOfType(ProgramException.class, () -> handle.execute(scriptRequest("broken.sh"))).failure())
                    .isIn(Failure.WORKER_DIED, Failure.PROTOCOL_ERROR);
            assertThat(handle.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
        }
        assertThat(listener.ids()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
    }

    @Test
    void aClosedHandleRefusesUse() throws Exception {
        ProgramConnection handle = handle(managed());
        assertThat(handle.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");

        handle.close();

        assertRefused(handle);
    }

    @Test
    void cleanupInvalidatesEveryHandleAndTheConnectionServesNewOnes() throws Exception {
        ProgramManagedConnection managed = managed();
        RecordingListener listener = RecordingListener.on(managed);
        ProgramConnection first = handle(managed);
        ProgramConnection second = handle(managed);

        managed.cleanup();

        assertRefused(first);
        assertRefused(second);
        first.close(); // the server took it back already: closing it says nothing more
        assertThat(listener.events).isEmpty();
        try (ProgramConnection fresh = handle(managed)) {
            assertThat(fresh.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
        }
        assertThat(listener.ids()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
    }

    @Test
    void destroyInvalidatesEveryHandle() throws Exception {
        ProgramManagedConnection managed = managed();
        RecordingListener listener = RecordingListener.on(managed);
        ProgramConnection handle = handle(managed);

        managed.destroy();

        assertRefused(handle);
        handle.close();
        assertThat(listener.events).isEmpty();
    }

    @Test
    void associateConnectionMovesAHandleToAnotherManagedConnection() throws Exception {
        ProgramManagedConnection from = managed();
        ProgramManagedConnection to = managed();
        RecordingListener fromListener = RecordingListener.on(from);
        RecordingListener toListener = RecordingListener.on(to);
        ProgramConnection handle = handle(from);

        to.associateConnection(handle);

        from.cleanup(); // no longer its handle: it stays usable
        assertThat(handle.execute(scriptRequest("hello.sh")).bodyText()).isEqualTo("hello");
        handle.close();
        assertThat(fromListener.events).isEmpty();
        assertThat(toListener.ids()).containsExactly(ConnectionEvent.CONNECTION_CLOSED);
        assertThat(toListener.events.get(0).getSource()).isSameAs(to);
    }

    @Test
    void aHandleMovedAwayIsCleanedUpByItsNewManagedConnection() throws Exception {
        ProgramManagedConnection from = managed();
        ProgramManagedConnection to = managed();
        ProgramConnection handle = handle(from);

        to.associateConnection(handle);
        to.cleanup();

        assertRefused(handle);
    }

    @Test
    void associateConnectionRefusesAnythingButAProcgateHandle() throws Exception {
        assertThatThrownBy(() -> managed().associateConnection("not a handle")).isInstanceOf(ResourceException.class);
    }

    @Test
    void itTakesNoPartInTransactions() throws Exception {
        ProgramManagedConnection managed = managed();
        assertThatThrownBy(managed::getXAResource).isInstanceOf(NotSupportedException.class);
        assertThatThrownBy(managed::getLocalTransaction).isInstanceOf(NotSupportedException.class);
        // said to the server too, so a pool definition without transaction-support is never enlisted
        assertThat(new ProgramManagedConnectionFactory().getTransactionSupport())
                .isEqualTo(TransactionSupport.TransactionSupportLevel.NoTransaction);
    }

    @Test
    void theMetadataNamesProcgateAndNoLimitOrUser() throws Exception {
        ManagedConnectionMetaData metadata = managed().getMetaData();
        assertThat(metadata.getEISProductName()).isEqualTo("procgate");
        assertThat(metadata.getEISProductVersion()).isEqualTo("0.1");
        assertThat(metadata.getMaxConnections()).as("0: no limit of procgate's own on handles").isZero();
        assertThat(metadata.getUserName()).isEmpty();
    }

    @Test
    void itKeepsTheLogWriterItIsGiven() throws Exception {
        ProgramManagedConnection managed = managed();
        java.io.PrintWriter writer = new java.io.PrintWriter(java.io.Writer.nullWriter());
        managed.setLogWriter(writer);
        assertThat(managed.getLogWriter()).isSameAs(writer);
    }

    /** Both ways of executing fail with UNAVAILABLE, before any program runs. */
    static void assertRefused(ProgramConnection handle) {
        ProgramException collected = catchThrowableOfType(ProgramException.class, () -> handle.execute(scriptRequest("hello.sh")));
        assertThat(collected).as("execute(request) on a handle no longer in use").isNotNull();
        assertThat(collected.failure()).isEqualTo(Failure.UNAVAILABLE);
        ResponseSink sink = new ResponseSink() {
            @Override
            public void head(int status, List<Header> headers) {
                throw new AssertionError("a program ran for a handle no longer in use");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                throw new AssertionError("a program ran for a handle no longer in use");
            }

            @Override
            public void flush() {
            }
        };
        ProgramException streamed = catchThrowableOfType(ProgramException.class, () -> handle.execute(scriptRequest("hello.sh"), sink));
        assertThat(streamed).as("execute(request, sink) on a handle no longer in use").isNotNull();
        assertThat(streamed.failure()).isEqualTo(Failure.UNAVAILABLE);
    }
}
