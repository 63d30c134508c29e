package org.procgate.loadtest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The procgate under test: where it answers, its operator's credentials, its process.
 *
 * @param base     the application's root, e.g. {@code http://127.0.0.1:8080/procgate/}
 * @param operator {@code user:password} of the admin API
 * @param pid      the server's process
 */
record Target(URI base, String operator, long pid) {

    Target {
        if (!base.toString().endsWith("/")) {
            base = URI.create(base + "/");
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(OpenLoop.REQUEST_TIMEOUT);
    }

    HttpRequest.Builder adminRequest(String path) {
        return request(path).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(operator.getBytes(StandardCharsets.UTF_8)));
    }
}
