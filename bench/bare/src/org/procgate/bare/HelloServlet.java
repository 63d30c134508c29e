package org.procgate.bare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /bare/servlet/hello}: the same answer from a plain servlet, the server's own floor. */
@WebServlet("/servlet/hello")
public class HelloServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final byte[] HELLO = "Hello, world\n".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(HELLO.length);
        response.getOutputStream().write(HELLO);
    }
}
