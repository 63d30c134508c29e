package org.procgate.connector.body;

import java.io.IOException;

/** Where a request body goes: a program's stdin, or FCGI_STDIN records. */
public interface BodyDestination {

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** The body is complete: tell the program its input ended. */
    void end() throws IOException;
}
