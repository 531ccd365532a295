package io.neoagent.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final DeliveryProperties.Retry DEFAULTS =
            new DeliveryProperties.Retry(Duration.ofSeconds(30), 2.0, Duration.ofHours(6), Duration.ofDays(4), 0.2);

    @Test
    void shouldGrowDelaysUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, () -> 0.5);

        assertThat(policy.nextDelay(1)).contains(Duration.ofSeconds(30));
        assertThat(policy.nextDelay(2)).contains(Duration.ofSeconds(60));
        assertThat(policy.nextDelay(3)).contains(Duration.ofSeconds(120));
        assertThat(policy.nextDelay(15)).contains(Duration.ofHours(6));
    }

    @Test
    void shouldKeepRetryingForMoreThanThreeDaysByDefault() {
        RetryPolicy policy = new RetryPolicy(DEFAULTS, () -> 0.5);
        Duration total = Duration.ZERO;
        int attempts = 1;
        for (Optional<Duration> delay = policy.nextDelay(attempts);
                delay.isPresent();
                delay = policy.nextDelay(++attempts)) {
            total = total.plus(delay.get());
        }

        assertThat(total).isGreaterThan(Duration.ofDays(3));
        assertThat(total).isLessThan(Duration.ofDays(5));
    }

    @Test
    void shouldVaryDelaysWithinTheJitter() {
        assertThat(new RetryPolicy(DEFAULTS, () -> 0.0).nextDelay(1)).contains(Duration.ofSeconds(24));
        assertThat(new RetryPolicy(DEFAULTS, () -> 1.0).nextDelay(1)).contains(Duration.ofSeconds(36));
    }

    @Test
    void shouldGiveUpOnceTheNominalDelaysReachTheLimit() {
        RetryPolicy policy = new RetryPolicy(
                new DeliveryProperties.Retry(
                        Duration.ofMinutes(1), 1.0, Duration.ofMinutes(1), Duration.ofMinutes(3), 0),
                () -> 0.5);

        assertThat(policy.nextDelay(3)).isPresent();
        assertThat(policy.nextDelay(4)).isEmpty();
    }
}
