package io.neoagent.bridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

    /** Whether {@code candidate} is the configured token (compared in constant time); never without a token. */
    public boolean matches(String candidate) {
        return hasToken()
                && candidate != null
                && MessageDigest.isEqual(
                        token.strip().getBytes(StandardCharsets.UTF_8),
                        candidate.strip().getBytes(StandardCharsets.UTF_8));
    }
}
