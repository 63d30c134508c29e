package org.procgate.gateway.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.procgate.connector.api.Failure;
import org.procgate.connector.api.ProgramException;

/** Reads a request body up to a cap; one byte more and the request is refused before any program starts. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(InputStream in, long declaredLength, long cap) throws ProgramException {
        if (declaredLength > cap) {
            throw tooLarge(cap);
        }
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > cap) {
                    throw tooLarge(cap);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ProgramException(Failure.BAD_REQUEST, "could not read the request body: " + e.getMessage(), e);
        }
        if (declaredLength >= 0 && total != declaredLength) {
            throw new ProgramException(Failure.BAD_REQUEST, "request body has " + total + " bytes, Content-Length said " + declaredLength);
        }
        return out.toByteArray();
    }

    private static ProgramException tooLarge(long cap) {
        return new ProgramException(Failure.REQUEST_TOO_LARGE, "request body is over the limit of " + cap + " bytes");
    }
}
