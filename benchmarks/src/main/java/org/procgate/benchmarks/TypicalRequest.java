package org.procgate.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a gateway typically sends: about 30 CGI variables and a small form body. */
final class TypicalRequest {

    static final byte[] BODY = "name=procgate&query=fastcgi+benchmark&page=1&size=20".getBytes(StandardCharsets.US_ASCII);

    private TypicalRequest() {
    }

    static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("GATEWAY_INTERFACE", "CGI/1.1");
        params.put("SERVER_SOFTWARE", "procgate/0.1");
        params.put("SERVER_PROTOCOL", "HTTP/1.1");
        params.put("SERVER_NAME", "localhost");
        params.put("SERVER_ADDR", "127.0.0.1");
        params.put("SERVER_PORT", "8080");
        params.put("REQUEST_METHOD", "POST");
        params.put("REQUEST_URI", "/fcgi/search/records?q=fastcgi&limit=20");
        params.put("SCRIPT_NAME", "/fcgi/search");
        params.put("SCRIPT_FILENAME", "/srv/procgate/samples/fcgi/search.py");
        params.put("PATH_INFO", "/records");
        params.put("PATH_TRANSLATED", "/srv/procgate/samples/fcgi/records");
        params.put("QUERY_STRING", "q=fastcgi&limit=20");
        params.put("DOCUMENT_ROOT", "/srv/procgate/samples/fcgi");
        params.put("REMOTE_ADDR", "127.0.0.1");
        params.put("REMOTE_PORT", "53122");
        params.put("CONTENT_TYPE", "application/x-www-form-urlencoded");
        params.put("CONTENT_LENGTH", Integer.toString(BODY.length));
        params.put("HTTPS", "off");
        params.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        params.put("HTTP_HOST", "localhost:8080");
        params.put("HTTP_USER_AGENT", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        params.put("HTTP_ACCEPT", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        params.put("HTTP_ACCEPT_LANGUAGE", "en-GB,en;q=0.7,de;q=0.3");
        params.put("HTTP_ACCEPT_ENCODING", "gzip, deflate, br, zstd");
        params.put("HTTP_COOKIE", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark");
        params.put("HTTP_REFERER", "http://localhost:8080/search?q=cgi");
        params.put("HTTP_CACHE_CONTROL", "no-cache");
        params.put("HTTP_ORIGIN", "http://localhost:8080");
        params.put("HTTP_X_FORWARDED_FOR", "192.0.2.10");
        return params;
    }
}
