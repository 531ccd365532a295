package io.neoagent.bridge.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code inbox:} group of {@code application.yaml}.
 *
 * @param commitTimeout   how long a webhook request waits for its inbox commit before it is answered 503
 * @param retention       how long a delivered event (and its personal data) is kept; 0: for ever
 * @param retentionCheck  how often retention runs
 */
@ConfigurationProperties("inbox")
public record InboxProperties(
        @DefaultValue("10s") Duration commitTimeout,
        @DefaultValue("90d") Duration retention,
        @DefaultValue("1h") Duration retentionCheck) {}
