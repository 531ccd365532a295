package io.neoagent.bridge.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says at start-up how the admin API is protected. */
@Component
class AdminStartupNotice {

    private static final Logger LOG = LoggerFactory.getLogger(AdminStartupNotice.class);

    private final AdminProperties properties;
    private final Environment environment;

    AdminStartupNotice(AdminProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String address = environment.getProperty("management.server.address", "all interfaces");
        String port = environment.getProperty(
                "local.management.port", environment.getProperty("management.server.port", "?"));
        if (properties.hasToken()) {
            LOG.info("Admin API at /admin on management port {} ({}), bearer token required", port, address);
        } else {
            LOG.warn(
                    "ADMIN_TOKEN is not set: the admin API needs no token, so the management port {} listens on {} only",
                    port,
                    address);
        }
    }
}
