package io.neoagent.bridge.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The {@code inbox:} group of {@code application.yaml}.
 *
 * @param commitTimeout how long a webhook request waits for its inbox commit before it is answered 503
 */
@ConfigurationProperties("inbox")
public record InboxProperties(@DefaultValue("10s") Duration commitTimeout) {
}
