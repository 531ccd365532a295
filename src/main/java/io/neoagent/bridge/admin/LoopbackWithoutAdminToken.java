package io.neoagent.bridge.admin;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Without {@code ADMIN_TOKEN} the admin API has no protection, so the management port (health, metrics,
 * admin) is bound to 127.0.0.1 unless {@code management.server.address} says otherwise.
 */
public class LoopbackWithoutAdminToken implements EnvironmentPostProcessor {

    static final String SOURCE = "adminLoopback";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String token = environment.getProperty("admin.token");
        if ((token == null || token.isBlank()) && !environment.containsProperty("management.server.address")) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(SOURCE, Map.of("management.server.address", "127.0.0.1")));
        }
    }
}
