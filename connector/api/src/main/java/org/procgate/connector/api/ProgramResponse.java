package org.procgate.connector.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A program's complete, validated response: the status (from {@code Status:}, or 302 for a
 * client redirect, else 200), the headers the program set (without {@code Status}), and the body.
 */
public record ProgramResponse(int status, List<Header> headers, byte[] body) {

    public ProgramResponse {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        body = Objects.requireNonNull(body, "body");
    }

    /** First header with this name, case-insensitive. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
