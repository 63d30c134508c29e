package org.procgate.gateway.boundary;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Ends a response that started and cannot finish: what was written goes out, then the connection
 * closes without the final chunk, so the client sees an incomplete answer, never a short complete
 * one. The Servlet API has no call for this, so it is done the way each server allows:
 * <ul>
 * <li>Payara and GlassFish (Grizzly): the connection is closed under the response;</li>
 * <li>WildFly (Undertow): the exchange's connection is closed;</li>
 * <li>any other server: the request fails with an exception after the commit, which servers end
 *     by closing the connection (Open Liberty does).</li>
 * </ul>
 */
final class ResponseAbort {

    private static final Logger LOG = Logger.getLogger(ResponseAbort.class.getName());

    private ResponseAbort() {
    }

    /**
     * @return whether the connection was closed here; if not, the caller fails the request
     */
    static boolean closeConnection(HttpServletResponse response) {
        try {
            response.flushBuffer();
        } catch (IOException clientGone) {
            return true; // nothing more can reach the client anyway
        }
        ServletResponse unwrapped = response;
        while (unwrapped instanceof ServletResponseWrapper wrapper) {
            unwrapped = wrapper.getResponse();
        }
        try {
            String type = unwrapped.getClass().getName();
            if (type.equals("org.apache.catalina.connector.ResponseFacade")) {
                closeGrizzly(unwrapped);
                return true;
            }
            if (type.equals("io.undertow.servlet.spec.HttpServletResponseImpl")) {
                closeUndertow(unwrapped);
                return true;
            }
            if (isA(unwrapped, "com.ibm.ws.webcontainer.srt.SRTServletResponse")) { // and its subclasses per servlet level
                closeLiberty(unwrapped);
                return true;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not close the connection under a " + unwrapped.getClass().getName()
                    + "; failing the request instead", e);
            return false;
        }
        String unknown = unwrapped.getClass().getName();
        LOG.fine(() -> "no way known to close the connection under a " + unknown + "; failing the request instead");
        return false;
    }

    /**
     * ResponseFacade.response -> Response.getCoyoteResponse() -> getRequest().getConnection().terminateSilently():
     * at once, because a graceful close would let the server's final chunk out first.
     */
    private static void closeGrizzly(ServletResponse facade) throws ReflectiveOperationException {
        Field field = facade.getClass().getDeclaredField("response");
        field.setAccessible(true);
        Object catalina = field.get(facade);
        Object grizzly = call(catalina, "getCoyoteResponse");
        Object connection = call(call(grizzly, "getRequest"), "getConnection");
        call(connection, "terminateSilently");
    }

    /** HttpServletResponseImpl.getExchange().getConnection().close(). */
    private static void closeUndertow(ServletResponse response) throws ReflectiveOperationException {
        Object connection = call(call(response, "getExchange"), "getConnection");
        call(connection, "close");
    }

    /**
     * SRTServletResponse._response (IResponseImpl) .conn (the HTTP dispatcher link): the link to the
     * TCP side is closed with an error, which drops the connection without ending the body.
     */
    private static void closeLiberty(ServletResponse response) throws ReflectiveOperationException {
        Object wrapped = field(response, "com.ibm.ws.webcontainer.srt.SRTServletResponse", "_response");
        Object link = field(wrapped, "com.ibm.ws.webcontainer.osgi.response.IResponseImpl", "conn");
        Object virtualConnection = call(link, "getVC");
        Object device = call(link, "getHttpInboundDeviceLink");
        Method close = null;
        for (Method candidate : device.getClass().getMethods()) {
            if (candidate.getName().equals("close") && candidate.getParameterCount() == 2) {
                close = candidate;
            }
        }
        if (close == null) {
            throw new NoSuchMethodException(device.getClass().getName() + ".close(VirtualConnection, Exception)");
        }
        close.setAccessible(true);
        close.invoke(device, virtualConnection, new IOException("answer aborted after it started"));
    }

    private static boolean isA(Object target, String className) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static Object field(Object target, String declaringClass, String name) throws ReflectiveOperationException {
        Class<?> type = target.getClass();
        while (type != null && !type.getName().equals(declaringClass)) {
            type = type.getSuperclass();
        }
        if (type == null) {
            throw new NoSuchFieldException(declaringClass + "." + name + " in " + target.getClass().getName());
        }
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method found = target.getClass().getMethod(method);
        found.setAccessible(true);
        return found.invoke(target);
    }
}
