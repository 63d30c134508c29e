package org.procgate.loadtest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * What every case works with.
 *
 * @param client the HTTP client of the load
 * @param target the procgate under test
 * @param admin  its admin API
 * @param mix    the mixed traffic of the soak and chaos cases
 */
record Context(HttpClient client, Target target, Admin admin, List<Traffic> mix) {

    /** Waits up to {@code limit} for every pool to be RUNNING; the seconds it took, or -1. */
    double secondsUntilPoolsRun(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (admin.pools().stream().allMatch(p -> "RUNNING".equals(p.state))) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException e) {
                // not answering yet: try again
            }
            Thread.sleep(250);
        }
        return -1;
    }
}
