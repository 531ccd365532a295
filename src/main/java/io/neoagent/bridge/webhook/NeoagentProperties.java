package io.neoagent.bridge.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code neoagent:} group of {@code application.yaml}: how the webhook is reached and verified.
 *
 * @param signingKeys      keys neoagent signs with, any one may match; empty: a generated local key
 * @param webhookPath      path the webhook listens on
 * @param toleranceSeconds accepted age and clock skew of the signature timestamp, both directions
 * @param dataDir          folder for the generated key and the default SQLite inbox
 * @param maxBodyBytes     largest accepted request body
 * @param maxBatchSize     most events accepted in one request
 */
@ConfigurationProperties("neoagent")
public record NeoagentProperties(
        @DefaultValue List<String> signingKeys,
        @DefaultValue("/webhooks/neoagent") String webhookPath,
        @DefaultValue("300") long toleranceSeconds,
        @DefaultValue("data") Path dataDir,
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("100") int maxBatchSize) {

    public Duration tolerance() {
        return Duration.ofSeconds(toleranceSeconds);
    }
}
