package io.neoagent.bridge.webhook;

import io.neoagent.bridge.web.ErrorReply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webhook's HTTP-level checks. Answers, before Camel sees the request, what must never reach the route: a body that is not JSON (415;
 * Camel would otherwise parse a form body itself and fail with a 500) and a body over the limit (413,
 * decided on the declared length or after reading one byte more than allowed, so a large or chunked body is
 * never buffered whole).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class WebhookRequestGuard extends OncePerRequestFilter {

    private final String path;
    private final int maxBodyBytes;

    WebhookRequestGuard(NeoagentProperties properties) {
        this.path = properties.webhookPath();
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !path.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            requireJson(request.getContentType());
            if (request.getContentLengthLong() > maxBodyBytes) {
                throw InvalidWebhookRequestException.tooLarge(maxBodyBytes);
            }
            byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw InvalidWebhookRequestException.tooLarge(maxBodyBytes);
            }
            chain.doFilter(new CachedBody(request, body), response);
        } catch (InvalidWebhookRequestException rejected) {
            ErrorReply.of(rejected.getMessage()).writeTo(response, rejected.getStatus());
        }
    }

    /** {@code application/json} or {@code application/*+json}; a charset, if given, must be UTF-8. */
    static void requireJson(String contentType) throws InvalidWebhookRequestException {
        if (contentType == null) {
            throw InvalidWebhookRequestException.unsupportedMediaType();
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException notAType) {
            throw InvalidWebhookRequestException.unsupportedMediaType();
        }
        boolean json = type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || (type.getType().equals("application") && type.getSubtype().endsWith("+json"));
        if (!json || type.isWildcardType() || type.isWildcardSubtype()) {
            throw InvalidWebhookRequestException.unsupportedMediaType();
        }
        String charset = type.getParameter("charset");
        if (charset != null) {
            try {
                if (!Charset.forName(charset.replace("\"", "")).equals(StandardCharsets.UTF_8)) {
                    throw InvalidWebhookRequestException.unsupportedMediaType();
                }
            } catch (IllegalArgumentException unknownCharset) {
                throw InvalidWebhookRequestException.unsupportedMediaType();
            }
        }
    }

    /** The request with its body already read (and within the limit). */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
