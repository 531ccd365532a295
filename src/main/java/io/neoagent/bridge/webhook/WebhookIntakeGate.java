package io.neoagent.bridge.webhook;

import io.neoagent.bridge.web.ErrorReply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webhook says "retry later" (503 with {@code Retry-After}), never "not found", while its route is not running.
 * The web server takes connections before Camel starts the routes (about 1 s with the production layout, 3 s from the
 * plain jar) and still takes them after Camel stopped them at shutdown; a route file reloaded in dev mode is away for a
 * moment too. Without this, those requests got 404 (or a 500 from the stopped route), an error to neoagent, which
 * retries twice only, while a 503 is what the bridge also answers when its inbox cannot store.
 *
 * <p>The intake route ({@value #INTAKE_ROUTE}, the id of {@code routes/webhook-intake.camel.yaml}) starts only once
 * every bean is made, the inbox migrated among them, so a started route also means an inbox ready to store. Runs
 * after the metrics filter (these replies are counted) and before {@link WebhookRequestGuard} (no body is read).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class WebhookIntakeGate extends OncePerRequestFilter {

    static final String INTAKE_ROUTE = "webhook-intake";
    /** Seconds: a start or a stop takes a few. */
    static final String RETRY_AFTER = "5";

    private final String path;
    private final ObjectProvider<CamelContext> camel;
    private volatile CamelContext context;

    /** The Camel context is looked up on the first request: the filter is made before it, with the web server. */
    WebhookIntakeGate(NeoagentProperties properties, ObjectProvider<CamelContext> camel) {
        this.path = properties.webhookPath();
        this.camel = camel;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (intakeRunning()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", RETRY_AFTER);
        ErrorReply.of("the bridge is starting or stopping; retry later")
                .writeTo(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }

    private boolean intakeRunning() {
        CamelContext camelContext = context;
        if (camelContext == null) {
            camelContext = camel.getIfAvailable();
            if (camelContext == null) {
                return false;
            }
            context = camelContext;
        }
        ServiceStatus status = camelContext.getRouteController().getRouteStatus(INTAKE_ROUTE);
        return status != null && status.isStarted();
    }
}
