package org.procgate.connector.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.procgate.connector.api.ProgramResponse;
import org.procgate.connector.pool.Requests;
import org.procgate.connector.pool.fastcgi.FastCgiPool;
import org.procgate.connector.pool.fastcgi.PoolHarness;

/**
 * php-cgi ends itself after PHP_FCGI_MAX_REQUESTS (500 by default). Whether the pool recycles
 * it first or it exits under the pool, a GET never sees an error.
 */
@EnabledIf("org.procgate.connector.interop.PhpCgiTest#installed")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PhpCgiRecyclingTest {

    private static final int PHP_MAX_REQUESTS = 5;
    private final PoolHarness harness = new PoolHarness();

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void poolRecyclesBeforePhpCgiExits() throws Exception {
        FastCgiPool pool = harness.open(PhpCgiTest.phpPool("recycle-first", PHP_MAX_REQUESTS).maxRequestsPerWorker(3).build());

        Set<String> pids = servePids(pool, 12);

        assertThat(pids).as("a new php-cgi every 3 requests").hasSize(4);
        assertThat(pool.status().failures().workerDied()).isZero();
    }

    @Test
    void getIsRetriedWhenPhpCgiExitedFirst() throws Exception {
        FastCgiPool pool = harness.open(PhpCgiTest.phpPool("php-exits-first", PHP_MAX_REQUESTS).maxRequestsPerWorker(8).build());

        Set<String> pids = servePids(pool, 12);

        assertThat(pids).as("php-cgi exited after %d requests and was replaced", PHP_MAX_REQUESTS).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pool.status().failures().workerDied()).isZero();
    }

    /** Runs {@code count} GETs, all of which must succeed; returns the php-cgi pids that served them. */
    private Set<String> servePids(FastCgiPool pool, int count) throws Exception {
        Set<String> pids = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            harness.workerPids(pool);
            ProgramResponse response = pool.execute(Requests.get("/env.php"));
            assertThat(response.status()).isEqualTo(200);
            pids.add(response.bodyText().replaceAll("(?s).*PID=(\\d+).*", "$1"));
        }
        return pids;
    }
}
