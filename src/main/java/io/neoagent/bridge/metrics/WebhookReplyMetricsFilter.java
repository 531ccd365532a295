package io.neoagent.bridge.metrics;

import io.neoagent.bridge.webhook.NeoagentProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Counts webhook replies by status, whatever answered them (the route, or Spring before it ran). */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class WebhookReplyMetricsFilter extends OncePerRequestFilter {

    private final BridgeMetrics metrics;
    private final String path;

    WebhookReplyMetricsFilter(BridgeMetrics metrics, NeoagentProperties properties) {
        this.metrics = metrics;
        this.path = properties.webhookPath();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path.equals(request.getRequestURI());
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.isAsyncStarted()) {
                metrics.webhookReply(response.getStatus());
            }
        }
    }
}
