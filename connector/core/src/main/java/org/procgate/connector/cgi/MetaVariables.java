package org.procgate.connector.cgi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.procgate.connector.api.Header;
import org.procgate.connector.api.ProgramRequest;

/**
 * Builds the RFC 3875 meta-variables of one request: the CGI environment, and the FastCGI
 * PARAMS. Request headers become {@code HTTP_*} only when allow-listed, only when their name
 * maps cleanly, and never on top of a variable the server sets.
 */
public final class MetaVariables {

    static final String SERVER_SOFTWARE = "procgate/0.1";
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Set<String> headerAllowList;
    private final boolean passAuthorization;
    private final Map<String, String> operatorEnvironment;

    /**
     * @param headerAllowList     lower-case header names that may become HTTP_* variables
     * @param passAuthorization   whether Authorization may pass (HTTP_AUTHORIZATION)
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
        for (Header header : request.headers()) {
            addHeader(vars, header);
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
        if (request.body().length > 0) {
            vars.put("CONTENT_LENGTH", Integer.toString(request.body().length));
        }
        request.header("Content-Type").ifPresent(type -> vars.put("CONTENT_TYPE", type));
        return vars;
    }

    private void addHeader(Map<String, String> vars, Header header) {
        String name = header.name().toLowerCase(Locale.ROOT);
        boolean allowed = headerAllowList.contains(name) || (passAuthorization && name.equals("authorization"));
        // "Proxy" would become HTTP_PROXY, which many HTTP libraries read as their proxy (httpoxy)
        if (!allowed || name.equals("proxy") || !cleanName(name)) {
            return;
        }
        String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        String value = header.value();
        if (value.indexOf('\0') >= 0) {
            return;
        }
        vars.merge(key, value, (first, next) -> first + ", " + next);
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
