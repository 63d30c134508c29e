package org.procgate.connector.cgi;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramResponse;

/**
 * The page a pool in debug mode answers when a script fails (the cgitb habit): the failure and
 * the script's stderr, every character escaped. Development only; off by default.
 */
public final class DebugPage {

    private DebugPage() {
    }

    public static ProgramResponse of(ScriptFailure failure) {
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>CGI script failed</title></head><body>\n"
                + "<h1>" + failure.failure().httpStatus() + " " + escape(failure.failure().name()) + "</h1>\n"
                + "<p>" + escape(failure.getMessage()) + "</p>\n"
                + "<h2>stderr</h2>\n<pre>" + escape(failure.stderr()) + "</pre>\n"
                + "<p><small>procgate debug mode is on for this pool; turn it off in production.</small></p>\n"
                + "</body></html>\n";
        return new ProgramResponse(failure.failure().httpStatus(),
                List.of(new Header("Content-Type", "text/html;charset=utf-8"), new Header("Cache-Control", "no-store")),
                html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
