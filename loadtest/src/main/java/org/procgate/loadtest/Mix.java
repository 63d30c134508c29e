package org.procgate.loadtest;

import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mixed traffic of the soak and chaos cases: each class well below what its pool can serve on
 * a two-core machine, so that any error or slowdown is the server's, not the load's.
 */
final class Mix {

    static final int DOWNLOAD_BYTES = 4 * 1024 * 1024;
    static final int UPLOAD_BYTES = 1024 * 1024;

    private Mix() {
    }

    /** Searches through the FastCGI worker and the CGI script, hello, downloads, uploads, status reads. */
    static List<Traffic> of(Target target, List<String> queries) {
        byte[] upload = new byte[UPLOAD_BYTES];
        new Random(3875).nextBytes(upload);
        String uploaded = UPLOAD_BYTES + " " + sha256(upload);
        return List.of(
                new Traffic("fastcgi-search", 40, rotating(target, queries, "fastcgi"), AnswerCheck.okStartingWith("{")),
                new Traffic("cgi-search", 2, rotating(target, queries, "cgi"), AnswerCheck.okStartingWith("{")),
                new Traffic("hello", 100, () -> target.request("fcgi/hello/").GET().build(),
                        AnswerCheck.okStartingWith("Hello, world")),
                new Traffic("download", 4, () -> target.request("fcgi/rel-files/download?n=" + DOWNLOAD_BYTES).GET().build(),
                        AnswerCheck.okWithLength(DOWNLOAD_BYTES)),
                new Traffic("upload", 4, () -> target.request("fcgi/rel-files/upload")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), AnswerCheck.okStartingWith(uploaded)),
                new Traffic("admin-status", 1, () -> target.adminRequest("admin/api/pools").GET().build(),
                        AnswerCheck.okStartingWith("[")));
    }

    private static java.util.function.Supplier<HttpRequest> rotating(Target target, List<String> queries, String via) {
        AtomicInteger next = new AtomicInteger();
        return () -> target.request("api/records?" + queries.get(Math.floorMod(next.getAndIncrement(), queries.size()))
                + "&via=" + via).GET().build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
