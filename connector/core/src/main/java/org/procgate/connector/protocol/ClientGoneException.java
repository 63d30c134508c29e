package org.procgate.connector.protocol;

import java.io.IOException;

/**
 * The receiver of a response failed while it was being passed on: the client left. Not a fault
 * of the program, and kept apart from the program's I/O errors so each is handled as what it is.
 */
public final class ClientGoneException extends Exception {

    private static final long serialVersionUID = 1L;

    public ClientGoneException(IOException cause) {
        super("the client went away: " + cause.getMessage(), cause);
    }
}
