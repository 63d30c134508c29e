package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.body.BodyFailure;
import org.procgate.connector.fastcgi.FastCgiClient;
import org.procgate.connector.fastcgi.RequestRefusedException;
import org.procgate.connector.process.StderrBuffer;
import org.procgate.connector.protocol.CgiResponseParser;
import org.procgate.connector.protocol.ClientGoneException;
import org.procgate.connector.protocol.ClientSink;
import org.procgate.connector.protocol.ProtocolException;
import org.procgate.connector.settings.PoolSettings;
import org.procgate.connector.threads.Deadlines;

/**
 * One request on one borrowed worker, under the request's deadline: the request goes out, the
 * answer comes back through the CGI response parser, and every way it can end is sorted into
 * the failure the caller sees, whether the worker may serve again, and whether the request may
 * be tried once more on another worker (only if the worker answered nothing).
 */
final class WorkerExchange {

    private static final Logger LOG = Logger.getLogger(WorkerExchange.class.getName());
    /** How long a worker may take to end a request after FCGI_ABORT_REQUEST before it is replaced. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(1);

    /** Gives a worker back to the pool after an exchange, or has it replaced. */
    interface Release {
        void release(FastCgiWorker worker, boolean reusable);
    }

    private final PoolSettings settings;
    private final FastCgiWorkerFactory factory;
    private final Deadlines deadlines;
    private final Release release;

    WorkerExchange(PoolSettings settings, FastCgiWorkerFactory factory, Deadlines deadlines, Release release) {
        this.settings = settings;
        this.factory = factory;
        this.deadlines = deadlines;
        this.release = release;
    }

    /** Runs the request on {@code worker} and releases the worker, whatever happens. */
    void run(FastCgiWorker worker, Map<String, String> params, ProgramRequest request, ClientSink sink)
            throws ProgramException, RetryableFailure {
        Deadlines.Deadline deadline = deadlines.start(settings.requestTimeout(), worker::abort);
        FastCgiClient client = worker.client();
        StderrBuffer stderr = new StderrBuffer(settings.maxStderrBytes());
        boolean reusable = false;
        worker.requestStarted(request.method(), request.requestUri(), request.body().length(),
                params.getOrDefault("SCRIPT_FILENAME", request.scriptName()),
                request.remoteUser() == null ? "" : request.remoteUser().name());
        try {
            CgiResponseParser parser = new CgiResponseParser(settings.maxHeaderBytes(), settings.maxResponseBytes(), sink);
            client.execute(params, request.body(), settings.maxRequestBodyBytes(), parser, stderr);
            reusable = true;
            factory.workerSucceeded(worker);
            if (sink.gone() != null) {
                throw clientAborted("the program finished", sink.gone());
            }
        } catch (RequestRefusedException e) {
            reusable = true;
            ProgramException reason = new ProgramException(Failure.OVERLOADED, "pool " + settings.name() + ": " + worker
                    + " refused the request (" + e.status() + ")", e);
            if (client.bodyResendable()) {
                throw new RetryableFailure(reason);
            }
            throw reason;
        } catch (ClientGoneException e) {
            deadline.cancel();
            reusable = abort(worker, client);
            throw clientAborted(reusable ? "the worker ended the request" : "the worker was replaced", e);
        } catch (BodyFailure e) {
            reusable = client.isReusable();
            throw e.toProgramException(settings.name());
        } catch (ProtocolException e) {
            throw failure(deadline.expired(), Failure.PROTOCOL_ERROR, worker + " sent an invalid response: " + e.getMessage(), e);
        } catch (IOException e) {
            ProgramException reason = failure(deadline.expired(), Failure.WORKER_DIED, worker + " failed: " + e.getMessage(), e);
            if (!deadline.expired()) {
                factory.workerFailed(worker, e.getMessage());
                if (!client.answerStarted() && client.bodyResendable()) {
                    throw new RetryableFailure(reason);
                }
            }
            throw reason;
        } finally {
            deadline.cancel();
            client.settleBody();
            worker.requestEnded();
            stderr.logTo(LOG, request.trace().logPrefix() + "pool " + settings.name() + " " + worker);
            release.release(worker, reusable && !deadline.expired() && client.isReusable());
        }
    }

    /** FCGI_ABORT_REQUEST, then the rest of the answer dropped; past the grace the connection is cut. */
    private boolean abort(FastCgiWorker worker, FastCgiClient client) {
        Deadlines.Deadline grace = deadlines.start(ABORT_GRACE, worker::abort);
        try {
            return client.abortRequest() && !grace.expired();
        } finally {
            grace.cancel();
        }
    }

    private ProgramException clientAborted(String outcome, Exception cause) {
        return new ProgramException(Failure.CLIENT_ABORTED, "pool " + settings.name()
                + ": the client went away before the answer ended; " + outcome, cause);
    }

    private ProgramException failure(boolean timedOut, Failure failure, String message, Exception cause) {
        if (timedOut) {
            return new ProgramException(Failure.TIMEOUT, "pool " + settings.name() + ": no answer within "
                    + settings.requestTimeout().toMillis() + " ms; the worker was killed", cause);
        }
        return new ProgramException(failure, "pool " + settings.name() + ": " + message, cause);
    }

    /** An attempt that failed before the worker answered anything: safe to repeat if the method is idempotent. */
    static final class RetryableFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ProgramException reason;

        RetryableFailure(ProgramException reason) {
            super(reason.getMessage(), null, false, false);
            this.reason = reason;
        }

        ProgramException reason() {
            return reason;
        }
    }
}
