package io.neoagent.bridge.webhook;

import io.micrometer.observation.ObservationPredicate;
import io.neoagent.bridge.metrics.BridgeMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts and times webhook replies by status, whatever answered them (the route, or Spring before it ran).
 * The webhook is left out of Spring's own {@code http.server.requests} observation ({@link #withoutWebhook}):
 * these two meters replace it there, at a fraction of its cost per request (bench/README.md).
 */
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
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.isAsyncStarted()) {
                metrics.webhookReply(response.getStatus(), System.nanoTime() - started);
            }
        }
    }

    /** Keeps Spring's {@code http.server.requests} observation for every path but the webhook's. */
    @Bean
    static ObservationPredicate withoutWebhook(NeoagentProperties properties) {
        String path = properties.webhookPath();
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && path.equals(request.getCarrier().getRequestURI()));
    }
}
