package org.procgate.cluster.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/**
 * An operator's action on another node's pool, sent to that node's own admin API with the
 * operator's credentials: that node checks them and the action as if the operator had asked it
 * directly. Nothing but read-only snapshots goes through the grid.
 */
@ApplicationScoped
public class RemoteNodeAdmin {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The other node's answer, as it gave it. */
    public record Answer(int status, String contentType, String body) {
    }

    /**
     * Sends {@code method} to {@code url}{@code admin/api/pools/}{@code path} with the operator's
     * {@code Authorization} header.
     */
    public Answer send(String node, String url, String method, String path, String authorization) throws ProgramException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "admin/api/pools/" + path))
                .timeout(ANSWER_TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                    answer.body());
        } catch (IOException e) {
            throw new ProgramException(Failure.UNAVAILABLE, "node " + node + " (" + url + ") did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProgramException(Failure.UNAVAILABLE, "interrupted while waiting for node " + node, e);
        }
    }
}
