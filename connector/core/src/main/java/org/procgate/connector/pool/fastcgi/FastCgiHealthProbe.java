package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.procgate.connector.api.RequestBody;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.pool.remote.Backend;
import org.procgate.connector.pool.remote.HealthChecker;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.settings.BackendSettings;
import org.procgate.connector.threads.Deadlines;
import org.procgate.connector.threads.PoolThreads;

/**
 * One active check of a backend on a connection of its own, closed after: it must answer
 * FCGI_GET_VALUES ({@code healthCheck=values}), or a GET of the configured path with 200, within
 * the timeout, connecting included.
 */
final class FastCgiHealthProbe implements HealthChecker.Probe {

    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final String check;
    private final FastCgiParams params;
    private final PoolThreads threads;

    FastCgiHealthProbe(String check, FastCgiParams params, PoolThreads threads) {
        this.check = check;
        this.params = params;
        this.threads = threads;
    }

    @Override
    public String check(Backend backend, Duration timeout) throws Exception {
        long start = System.nanoTime();
        FastCgiClient client = new FastCgiClient(backend.connect(timeout), threads.tasks());
        Duration left = timeout.minusNanos(System.nanoTime() - start);
        Deadlines.Deadline deadline = threads.deadlines().start(left.isNegative() ? Duration.ofMillis(1) : left, client::close);
        try {
            return BackendSettings.VALUES_CHECK.equals(check) ? values(client) : get(client);
        } catch (IOException e) {
            if (deadline.expired()) {
                throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            deadline.cancel();
            client.close();
        }
    }

    private static String values(FastCgiClient client) throws IOException {
        return "values " + client.getValues(WorkerLauncher.LIMIT_NAMES);
    }

    private String get(FastCgiClient client) throws Exception {
        Map<String, String> variables = params.ofCheck(check);
        CgiResponseParser parser = new CgiResponseParser(MAX_ANSWER_BYTES, MAX_ANSWER_BYTES);
        client.execute(variables, RequestBody.EMPTY, 0, parser, stderr -> { });
        int status = parser.finish().status();
        if (status != 200) {
            throw new IOException("GET " + check + " answered " + status);
        }
        return "GET " + check + " 200";
    }
}
