package io.qrfleet.gateway.web;

import io.qrfleet.gateway.GatewayProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over {@code qr.gateway.max-body} (batch submissions: {@code max-batch-body}) with
 * 413: at once when Content-Length says so, and while reading when a chunked body grows past it.
 * The limit holds even without the proxy.
 */
@Component
class BodyLimitFilter extends OncePerRequestFilter {

    private static final String BATCHES = "/api/v1/batches";

    private final long jobLimit;
    private final long batchLimit;

    BodyLimitFilter(GatewayProperties properties) {
        this.jobLimit = properties.maxBodyBytes();
        this.batchLimit = properties.maxBatchBodyBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = BATCHES.equals(request.getRequestURI()) ? batchLimit : jobLimit;
        if (request.getContentLengthLong() > limit) {
            Problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than the limit of " + limit + " bytes.");
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long count;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws BodyTooLargeException {
                    count += n;
                    if (count > limit) {
                        throw new BodyTooLargeException(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
