package io.neoagent.bridge.webhook;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-platform-http's Spring Boot engine, with each request's route run on the servlet request thread that
 * received it, start to finish.
 *
 * <p>The stock consumer hands every request to Spring's task executor (8 threads by default) and answers
 * through a servlet async dispatch: two thread hand-offs and a second pass through the filter chain per
 * request, and never more than 8 requests in progress, which also capped the inbox's group commit at 8
 * requests per commit. Measured with {@code bench/run}; see bench/README.md. The route, its error handling
 * and the reply are Camel's own, unchanged.
 */
final class RequestThreadPlatformHttpEngine extends SpringBootPlatformHttpEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RequestThreadPlatformHttpEngine.class);

    RequestThreadPlatformHttpEngine(int port) {
        super(port, Runnable::run);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new SpringBootPlatformHttpConsumer(endpoint, processor, Runnable::run) {
            /**
             * Runs the route and writes the reply before returning. Returns no future, which tells Spring MVC
             * that the response is complete (no async processing is started).
             */
            @Override
            public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
                try {
                    handleService(request, response);
                } catch (Exception e) {
                    // as the stock consumer does: nothing of the failure reaches the caller
                    LOG.warn("Error handling a request on {}: {}", endpoint.getPath(), e.getMessage(), e);
                    if (!response.isCommitted()) {
                        try {
                            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                        } catch (Exception ignored) {
                            // the connection is gone
                        }
                    }
                }
                return null;
            }
        };
    }
}
