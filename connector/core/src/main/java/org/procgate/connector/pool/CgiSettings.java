package org.procgate.connector.pool;

import java.nio.file.Path;

/**
 * What only a CGI pool uses.
 *
 * @param scriptRoot the directory scripts are run from ({@code null} for a FastCGI pool)
 */
public record CgiSettings(Path scriptRoot) {
}
