package org.procgate.connector.cgi;

import java.time.Duration;

/**
 * The bounds of one CGI execution.
 *
 * @param timeout          wall-clock limit; past it the process tree is killed and the request fails with 504
 * @param maxResponseBytes body cap of the program's output (0: no limit)
 * @param maxRequestBodyBytes body cap of the request passed to the script's stdin (0: no limit)
 * @param maxHeaderBytes   cap of the program's header block
 * @param maxStderrBytes   stderr kept for the log
 * @param killGrace        time between SIGTERM and SIGKILL
 */
public record CgiLimits(Duration timeout, long maxResponseBytes, long maxRequestBodyBytes, int maxHeaderBytes,
                        int maxStderrBytes, Duration killGrace) {
}
