package org.procgate.connector.cgi;

import java.nio.file.Path;

/**
 * A script found under the script root, with the request path split around it.
 *
 * @param file           the script's real path
 * @param scriptName     SCRIPT_NAME: the mount path plus the script's segments
 * @param pathInfo       PATH_INFO: the decoded rest of the path, empty if none
 * @param pathTranslated PATH_TRANSLATED: PATH_INFO mapped under the script root, {@code null} if no path info
 */
public record ResolvedScript(Path file, String scriptName, String pathInfo, String pathTranslated) {
}
