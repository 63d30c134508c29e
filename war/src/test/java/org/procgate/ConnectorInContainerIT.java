package org.procgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NamingEnumeration;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.procgate.admin.control.PoolAdministrationLocator;
import org.procgate.connector.api.Failure;
import org.procgate.connector.api.PoolAdministration;
import org.procgate.connector.api.PoolStatus;
import org.procgate.connector.api.ProgramConnection;
import org.procgate.connector.api.ProgramConnectionFactory;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.api.WorkerStatus;
import org.procgate.gateway.control.PoolDirectory;

/**
 * Inside the server, in the deployed WAR, what no HTTP client can see: the connection factories
 * and the administered object as the server binds and injects them, connections used inside a JTA
 * transaction, and the adapter's pools and worker processes as the server's own JVM has them.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectorInContainerIT {

    /** The demo FastCGI pools and the program each one's workers run. */
    private static final Map<String, String> FASTCGI_PROGRAMS = Map.of("search", "search_app.py", "hello", "hello.pl",
            "hello-python", "hello_app.py", "env", "env_app.py");

    @Deployment
    static WebArchive deployment() {
        return ProcgateWar.archive().addClass(ConnectorInContainerIT.class)
                .addAsLibraries(jarOf(org.assertj.core.api.Assertions.class));
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Resource(lookup = "procgate/pool/hello")
    ProgramConnectionFactory hello;

    @Resource(lookup = "procgate/admin")
    PoolAdministration administration;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction transaction;

    /** The application's own beans: what its gateways and console use. */
    @Inject
    PoolDirectory pools;

    @Inject
    PoolAdministrationLocator administrationLocator;

    private static ProgramResponse call(ProgramConnectionFactory factory, String path) throws ProgramException {
        try (ProgramConnection connection = factory.getConnection()) {
            return connection.execute(ProgramRequest.builder("GET", "/fcgi/" + factory.poolName()).pathInfo(path)
                    .queryString("from=inside").build());
        }
    }

    @Test
    void anInjectedFactoryRunsAProgram() throws Exception {
        assertThat(hello.poolName()).isEqualTo("hello");

        ProgramResponse response = call(hello, "/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("Hello, world\n");
    }

    @Test
    void aFactoryLookedUpInJndiIsTheOneTheGatewaysUse() throws Exception {
        Object bound = new InitialContext().lookup("procgate/pool/env");
        assertThat(bound).isInstanceOf(ProgramConnectionFactory.class);
        ProgramConnectionFactory env = (ProgramConnectionFactory) bound;

        ProgramResponse response = call(env, "/some/path");

        assertThat(response.bodyText()).contains("<tr><th>PATH_INFO</th><td>/some/path</td></tr>")
                .contains("<tr><th>QUERY_STRING</th><td>from=inside</td></tr>");
        long before = env.status().acceptedRequests();
        assertThat(call(pools.factory("env"), "/").status()).isEqualTo(200);
        assertThat(env.status().acceptedRequests()).as("the gateways' factory reaches the same pool").isEqualTo(before + 1);
    }

    @Test
    void connectionsInsideAJtaTransactionWorkAndEnlistNothing() throws Exception {
        ProgramConnectionFactory env = pools.factory("env");
        long helloBefore = hello.status().acceptedRequests();
        transaction.begin();
        try {
            // had the server enlisted these connections, the commit would ask their managed connections for
            // a LocalTransaction or XAResource, which they refuse (NotSupportedException), and fail
            assertThat(call(hello, "/").bodyText()).isEqualTo("Hello, world\n");
            assertThat(call(env, "/").status()).isEqualTo(200);
            assertThat(call(hello, "/").status()).isEqualTo(200);
            assertThat(transaction.getStatus()).isEqualTo(Status.STATUS_ACTIVE);
        } finally {
            transaction.commit();
        }
        assertThat(transaction.getStatus()).isEqualTo(Status.STATUS_NO_TRANSACTION);

        transaction.begin();
        try {
            assertThat(call(hello, "/").status()).isEqualTo(200);
            transaction.setRollbackOnly();
        } finally {
            transaction.rollback();
        }
        assertThat(hello.status().acceptedRequests()).as("a rollback undoes no program run").isEqualTo(helloBefore + 3);
    }

    @Test
    void theAdministeredObjectReportsEveryPoolAndActsOnOne() throws Exception {
        assertThat(administrationLocator.administration().pools()).extracting(PoolStatus::name)
                .containsExactlyElementsOf(administration.pools().stream().map(PoolStatus::name).toList());
        PoolStatus env = administration.pool("env");
        assertThat(env.state()).isEqualTo(PoolStatus.State.RUNNING);
        assertThat(env.kind()).isEqualTo("fastcgi");

        administration.resize("env", 1);
        try {
            assertThat(administration.pool("env").maxWorkers()).isEqualTo(1);
            assertThat(pools.factory("env").status().maxWorkers()).as("the factory sees the same pool").isEqualTo(1);
        } finally {
            administration.resize("env", env.maxWorkers());
        }
        assertThat(administration.pool("env").maxWorkers()).isEqualTo(env.maxWorkers());
        assertThat(catchThrowableOfType(ProgramException.class, () -> administration.pool("no-such-pool")).failure())
                .isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void everyPoolBoundInJndiWasOpenedByTheAdapterAtStart() throws Exception {
        Set<String> bound = new java.util.TreeSet<>();
        NamingEnumeration<NameClassPair> names = new InitialContext().list("procgate/pool");
        while (names.hasMore()) {
            String name = names.next().getName();
            if (!name.endsWith("__pm")) { // Payara binds each connector resource once more, for its own non-transactional use
                bound.add(name);
            }
        }
        assertThat(bound).contains("search", "hello", "hello-python", "env", "cgi-bin");

        List<PoolStatus> opened = administration.pools();

        assertThat(opened).extracting(PoolStatus::name).containsExactlyInAnyOrderElementsOf(bound);
        assertThat(opened).allSatisfy(pool -> assertThat(pool.state()).as(pool.name()).isEqualTo(PoolStatus.State.RUNNING));
    }

    @Test
    void theWorkersAreProcessesOfThisServer() throws Exception {
        Set<Long> children = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        for (Map.Entry<String, String> pool : FASTCGI_PROGRAMS.entrySet()) {
            List<WorkerStatus> workers = administration.pool(pool.getKey()).workers();
            assertThat(workers).as(pool.getKey()).isNotEmpty();
            for (WorkerStatus worker : workers) {
                assertThat(children).as(pool.getKey() + " worker " + worker.pid() + " runs under this server").contains(worker.pid());
                assertThat(ProcessHandle.of(worker.pid()).flatMap(p -> p.info().commandLine())).as(pool.getKey())
                        .hasValueSatisfying(command -> assertThat(command).contains(pool.getValue()));
            }
        }
    }

    @Test
    void aRecycledWorkersProcessEndsAndANewChildTakesItsPlace() throws Exception {
        List<Long> before = pids(administration.pool("hello"));
        long old = before.get(0);

        administration.recycleWorker("hello", old);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Long> fresh = List.of();
        while (System.nanoTime() < deadline && (fresh.isEmpty() || ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false))) {
            Thread.sleep(50);
            List<Long> now = new ArrayList<>(pids(administration.pool("hello")));
            now.removeAll(before);
            fresh = now;
        }
        assertThat(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false)).as("the old process ended").isFalse();
        assertThat(pids(administration.pool("hello"))).doesNotContain(old);
        Set<Long> children = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        assertThat(fresh).as("new workers, each running under this server").isNotEmpty().allSatisfy(pid ->
                assertThat(children).contains(pid));
        assertThat(call(hello, "/").bodyText()).isEqualTo("Hello, world\n");
    }

    private static List<Long> pids(PoolStatus pool) {
        return pool.workers().stream().map(WorkerStatus::pid).toList();
    }
}
