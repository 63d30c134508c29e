package org.procgate.connector.pool.fastcgi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.procgate.connector.api.ProgramException;
import org.procgate.connector.api.ProgramRequest;
import org.procgate.connector.cgi.MetaVariables;
import org.procgate.connector.cgi.PathDecoder;
import org.procgate.connector.cgi.ResolvedScript;
import org.procgate.connector.cgi.ScriptResolver;
import org.procgate.connector.settings.PoolSettings;

/**
 * The FCGI_PARAMS of a request: the CGI meta-variables; with a {@code documentRoot}, the file
 * the path names is found and confined as a CGI script is, and becomes SCRIPT_FILENAME (what
 * php-cgi and fcgiwrap run).
 */
final class FastCgiParams {

    private final MetaVariables metaVariables;
    private final ScriptResolver documentRoot;

    FastCgiParams(PoolSettings settings) {
        this.metaVariables = new MetaVariables(settings.headerAllowList(), settings.passAuthorization(), Map.of());
        this.documentRoot = documentRoot(settings);
    }

    private static ScriptResolver documentRoot(PoolSettings settings) {
        Path root = settings.fastcgi().documentRoot();
        if (root == null) {
            return null;
        }
        try {
            return new ScriptResolver(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("pool " + settings.name() + ": documentRoot " + root + " is not readable: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The meta-variables of a health check's GET of {@code path}: as a request's for the file the
     * document root has under that path, else with the path as SCRIPT_NAME and SCRIPT_FILENAME
     * (PHP-FPM's {@code ping.path} and {@code pm.status_path} are no files).
     */
    Map<String, String> ofCheck(String path) throws ProgramException {
        if (documentRoot != null) {
            try {
                return of(ProgramRequest.builder("GET", "").pathInfo(path).requestUri(path).build());
            } catch (ProgramException noSuchFile) {
                // not a file: a path the worker answers itself
            }
        }
        return metaVariables.build(ProgramRequest.builder("GET", path).requestUri(path).build(), path, "", path, null);
    }

    /** The meta-variables; with a document root, SCRIPT_FILENAME is the file the path names. */
    Map<String, String> of(ProgramRequest request) throws ProgramException {
        if (documentRoot == null) {
            return metaVariables.build(request, request.scriptName(), PathDecoder.decodeOnce(request.pathInfo()), null, null);
        }
        ResolvedScript script = documentRoot.resolve(request.scriptName(), request.pathInfo(), false);
        Map<String, String> params = metaVariables.build(request, script.scriptName(), script.pathInfo(),
                script.file().toString(), null);
        params.put("DOCUMENT_ROOT", documentRoot.root().toString());
        return params;
    }
}
