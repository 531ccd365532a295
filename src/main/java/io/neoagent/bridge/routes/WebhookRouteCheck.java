package io.neoagent.bridge.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stops start-up when the routes hold no webhook route: a bridge that cannot take neoagent's requests must not
 * look as if it were running. Thrown as a {@link RoutesException}, which {@link RoutesFailureAnalyzer} prints as
 * one clear line instead of a stack trace.
 */
@Component
class WebhookRouteCheck {

    static final String WEBHOOK_ROUTE = "webhook-intake";

    private final CamelContext camel;
    private final String location;

    WebhookRouteCheck(
            CamelContext camel, @Value("${neoagent.routes-location:" + RoutesLocation.BUILT_IN + "}") String location) {
        this.camel = camel;
        this.location = location;
    }

    @EventListener(ApplicationStartedEvent.class)
    void requireWebhookRoute() {
        // the route definitions the files gave, whether or not Camel has started them yet (tests start it later)
        Model routes = camel.getCamelContextExtension().getContextPlugin(Model.class);
        if (routes.getRouteDefinition(WEBHOOK_ROUTE) == null) {
            throw new RoutesException("The routes in " + describe(location) + " have no route with id " + WEBHOOK_ROUTE
                    + " (" + WEBHOOK_ROUTE + ".camel.yaml): the bridge could not take neoagent's requests");
        }
    }

    static String describe(String location) {
        return location.startsWith("file:") ? location.substring(5) + "/" : "the jar";
    }
}
