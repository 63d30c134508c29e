package org.procgate.connector.protocol;

import java.io.IOException;

/**
 * A program or worker sent bytes that break the CGI response format or the FastCGI record
 * protocol. The one exception of the codec layer; the connection or process it came from must
 * not be trusted with another request.
 */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
