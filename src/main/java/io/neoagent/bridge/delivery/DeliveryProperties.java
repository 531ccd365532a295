package io.neoagent.bridge.delivery;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code delivery:} group of {@code application.yaml}: the channels, how deliveries are claimed, and
 * how failed ones are retried.
 *
 * @param channels  channel name to its route and required settings
 * @param pollInterval how often due deliveries are looked for besides the wake-up after each inbox commit: picks up
 *                  retries that fell due, restarts and expired leases
 * @param lease     how long a claim is held before another instance may take the delivery over (after a crash);
 *                  renewed every third of it while the attempt runs
 * @param batchSize most deliveries claimed in one pass
 * @param threads   deliveries attempted at the same time by one instance
 * @param retry     the retry schedule for transient failures
 */
@ConfigurationProperties("delivery")
public record DeliveryProperties(
        @DefaultValue Map<String, DeliveryChannels.ChannelSettings> channels,
        @DefaultValue("PT5S") Duration pollInterval,
        @DefaultValue("PT2M") Duration lease,
        @DefaultValue("20") int batchSize,
        @DefaultValue("4") int threads,
        @DefaultValue Retry retry) {

    /**
     * Delays grow from {@code initialDelay} by {@code multiplier} up to {@code maxDelay}, each varied by up to
     * ±{@code jitter}; a delivery still failing after {@code giveUpAfter} of nominal delays is dead.
     */
    public record Retry(
            @DefaultValue("PT30S") Duration initialDelay,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("PT6H") Duration maxDelay,
            @DefaultValue("P4D") Duration giveUpAfter,
            @DefaultValue("0.2") double jitter) {}
}
