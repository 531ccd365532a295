package io.neoagent.bridge.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code admin:} group of {@code application.yaml}.
 *
 * @param token bearer token the admin API requires; empty: the management port listens on loopback only
 */
@ConfigurationProperties("admin")
public record AdminProperties(String token) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }
}
