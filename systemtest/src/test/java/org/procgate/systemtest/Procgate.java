package org.procgate.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** procgate as the suite sees it: a base URL on 127.0.0.1 and HTTP, nothing else. Every call has a timeout. */
public final class Procgate {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final Jsonb JSON = JsonbBuilder.create();

    private final URI base;

    public Procgate(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return call("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    /** Any method, with a text body or none ({@code null}). */
    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        return call(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** The server's root, where MicroProfile puts /health, /metrics and /openapi. */
    public Procgate serverRoot() {
        return new Procgate(base.resolve("/"));
    }

    /** A request for a path below the base, with the suite's timeout. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    }

    /** Sends a request built with {@link #request}. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return CLIENT.send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The records search as parsed JSON; fails unless it answered 200 with JSON. */
    public Map<String, Object> search(String query) {
        HttpResponse<String> response = get("api/records?" + query);
        if (response.statusCode() != 200) {
            throw new AssertionError("api/records?" + query + " answered " + response.statusCode() + ": " + response.body());
        }
        return jsonAnswer(response);
    }

    /** The answer as parsed JSON, after checking that it says it is JSON. */
    public static Map<String, Object> jsonAnswer(HttpResponse<String> response) {
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> org.assertj.core.api.Assertions.assertThat(type).contains("json"));
        return json(response);
    }

    /** An application/problem+json answer of this status. */
    public static Map<String, Object> problem(HttpResponse<String> response, int status) {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> org.assertj.core.api.Assertions.assertThat(type).startsWith("application/problem+json"));
        return json(response);
    }

    /** The operator's or the viewer's HTTP Basic credentials on every server under test. */
    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.fromJson(response.body(), Map.class);
    }

    private HttpResponse<String> call(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = request(path).method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
