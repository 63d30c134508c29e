package org.procgate.connector.cgi;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.api.RequestTrace;

/**
 * Builds the RFC 3875 meta-variables of one request: the CGI environment, and the FastCGI
 * PARAMS. Request headers become {@code HTTP_*} as Apache's mod_cgi and nginx pass them: every
 * header except {@code Proxy} (httpoxy), hop-by-hop headers and the ones the connection names,
 * {@code Authorization} and {@code Proxy-Authorization} unless the pool passes authorization,
 * {@code Content-Type} and {@code Content-Length} (they are CONTENT_TYPE and CONTENT_LENGTH), and
 * names that do not map cleanly (anything but letters, digits and '-': {@code X_Api_Key} would
 * pass for {@code X-Api-Key}). A pool may narrow this to an allow-list. Nothing from a request
 * replaces a variable the server sets. {@code REMOTE_USER} and {@code AUTH_TYPE} are set only for
 * a user the server signed in, never from the pool's environment.
 */
public final class MetaVariables {

    static final String SERVER_SOFTWARE = "procgate/0.1";
    /** PATH when the pool sets none, for scripts and for the pool's launcher. */
    public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** RFC 9110 section 7.6.1, plus the old Proxy-Connection; never passed to a program. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade");
    /** Set from the request itself, as CONTENT_TYPE and CONTENT_LENGTH. */
    private static final Set<String> CONTENT_HEADERS = Set.of("content-type", "content-length");

    private final Set<String> headerAllowList;
    private final boolean passAuthorization;
    private final Map<String, String> operatorEnvironment;

    /**
     * @param headerAllowList     lower-case header names that may become HTTP_* variables; empty:
     *                            every header the rules above let through
     * @param passAuthorization   whether Authorization and Proxy-Authorization may pass
     * @param operatorEnvironment fixed variables from the pool's configuration
     */
    public MetaVariables(Set<String> headerAllowList, boolean passAuthorization, Map<String, String> operatorEnvironment) {
        this.headerAllowList = headerAllowList;
        this.passAuthorization = passAuthorization;
        this.operatorEnvironment = operatorEnvironment;
    }
    /**
     * The variables for a request.
     *
     * @param scriptName     SCRIPT_NAME
     * @param pathInfo       PATH_INFO, already decoded; empty if none
     * @param scriptFilename the program file, or {@code null} when the program is not a file
     *                       (a FastCGI worker serving every path)
     * @param pathTranslated PATH_TRANSLATED, or {@code null} if there is no path info to translate
     */
    public Map<String, String> build(ProgramRequest request, String scriptName, String pathInfo, String scriptFilename,
                                     String pathTranslated) {
        Map<String, String> vars = new LinkedHashMap<>(32);
        vars.put("PATH", DEFAULT_PATH);
        vars.putAll(operatorEnvironment);
        Set<String> named = connectionOptions(request);
        for (Header header : request.headers()) {
            addHeader(vars, header, named);
        }
        // set last: nothing from the request or the configuration replaces these
        vars.put("GATEWAY_INTERFACE", "CGI/1.1");
        vars.put("SERVER_SOFTWARE", SERVER_SOFTWARE);
        vars.put("SERVER_PROTOCOL", request.protocol());
        vars.put("SERVER_NAME", request.server().host());
        vars.put("SERVER_ADDR", request.server().address());
        vars.put("SERVER_PORT", Integer.toString(request.server().port()));
        vars.put("REQUEST_METHOD", request.method());
        vars.put("REQUEST_SCHEME", request.secure() ? "https" : "http");
        vars.put("REQUEST_URI", request.requestUri());
        vars.put("SCRIPT_NAME", scriptName);
        vars.put("QUERY_STRING", request.queryString());
        vars.put("REMOTE_ADDR", request.client().address());
        vars.put("REMOTE_HOST", request.client().address());
        vars.put("REMOTE_PORT", Integer.toString(request.client().port()));
        if (!pathInfo.isEmpty()) {
            vars.put("PATH_INFO", pathInfo);
        }
        if (pathTranslated != null) {
            vars.put("PATH_TRANSLATED", pathTranslated);
        }
        if (scriptFilename != null) {
            vars.put("SCRIPT_FILENAME", scriptFilename);
        }
        if (request.secure()) {
            vars.put("HTTPS", "on");
        }
        if (request.body().length() > 0) {
            vars.put("CONTENT_LENGTH", Long.toString(request.body().length()));
        }
        request.header("Content-Type").ifPresent(type -> vars.put("CONTENT_TYPE", type));
        signedInUser(vars, request.remoteUser());
        traced(vars, request.trace());
        return vars;
    }

    /**
     * REQUEST_ID, the id the server's log and the client's error answer carry for this request
     * (as Apache's UNIQUE_ID), and HTTP_TRACEPARENT, the W3C trace context of the gateway's hop,
     * which replaces any the client sent: both only from the gateway, never from the configuration.
     */
    private static void traced(Map<String, String> vars, RequestTrace trace) {
        vars.remove("REQUEST_ID");
        if (!trace.requestId().isEmpty()) {
            vars.put("REQUEST_ID", trace.requestId());
        }
        if (!trace.traceparent().isEmpty()) {
            vars.put("HTTP_TRACEPARENT", trace.traceparent());
        }
    }

    /**
     * RFC 3875 sections 4.1.11 and 4.1.1: REMOTE_USER is the user's name, AUTH_TYPE the scheme
     * ({@code Basic}, {@code Digest}, or the server's own name for any other way), both only when
     * the server authenticated the user.
     */
    private static void signedInUser(Map<String, String> vars, ProgramRequest.RemoteUser user) {
        vars.remove("REMOTE_USER");
        vars.remove("AUTH_TYPE");
        if (user == null) {
            return;
        }
        vars.put("REMOTE_USER", user.name());
        String type = user.authenticationType();
        if (type.equalsIgnoreCase("BASIC")) {
            vars.put("AUTH_TYPE", "Basic");
        } else if (type.equalsIgnoreCase("DIGEST")) {
            vars.put("AUTH_TYPE", "Digest");
        } else if (!type.isEmpty()) {
            vars.put("AUTH_TYPE", type);
        }
    }

    private void addHeader(Map<String, String> vars, Header header, Set<String> connectionOptions) {
        String name = header.name().toLowerCase(Locale.ROOT);
        if (!passes(name, connectionOptions) || !cleanName(name) || header.value().indexOf('\0') >= 0) {
            return;
        }
        String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        // repeated headers are one list (RFC 9110 section 5.3); cookies are joined as one Cookie header is
        String separator = name.equals("cookie") ? "; " : ", ";
        vars.merge(key, header.value(), (first, next) -> first + separator + next);
    }

    private boolean passes(String name, Set<String> connectionOptions) {
        if (name.equals("authorization") || name.equals("proxy-authorization")) {
            return passAuthorization;
        }
        // "Proxy" would become HTTP_PROXY, which many HTTP libraries read as their proxy (httpoxy)
        if (name.equals("proxy") || HOP_BY_HOP.contains(name) || CONTENT_HEADERS.contains(name)
                || connectionOptions.contains(name)) {
            return false;
        }
        return headerAllowList.isEmpty() || headerAllowList.contains(name);
    }

    /** Headers the request's Connection header names are hop-by-hop too (RFC 9110 section 7.6.1). */
    private static Set<String> connectionOptions(ProgramRequest request) {
        Set<String> named = null;
        for (Header header : request.headers()) {
            if (header.name().equalsIgnoreCase("connection")) {
                for (String option : header.value().split(",")) {
                    if (named == null) {
                        named = new HashSet<>();
                    }
                    named.add(option.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return named == null ? Set.of() : named;
    }

    /** Letters, digits and '-': a name with '_' would collide with its '-' twin after mapping. */
    private static boolean cleanName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
