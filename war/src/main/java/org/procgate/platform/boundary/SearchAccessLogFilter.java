package org.procgate.platform.boundary;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The access log's line for each search API request (the gateways write their own): the answer's
 * bytes are counted on their way out.
 */
@WebFilter("/api/records/*")
public class SearchAccessLogFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(response);
        try {
            chain.doFilter(request, counting);
        } finally {
            AccessLog.record(request, response.getStatus(), counting.written(), RequestTraces.of(request), start);
            RequestTraces.ended(request, response.getStatus());
        }
    }

    /** The response, its body's bytes counted. */
    private static final class CountingResponse extends HttpServletResponseWrapper {
        private CountingStream stream;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getOutputStream());
            }
            return stream;
        }

        long written() {
            return stream == null ? 0 : stream.written;
        }
    }

    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream out;
        private long written;

        CountingStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            written++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            written += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
