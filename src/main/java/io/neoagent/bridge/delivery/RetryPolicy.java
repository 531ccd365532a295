package io.neoagent.bridge.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a transiently failed delivery again: growing, jittered delays, and a point after which
 * the delivery is given up as dead. Decided from the attempt count alone, which lives in the inbox row,
 * so a restart loses no retry.
 */
public final class RetryPolicy {

    private final DeliveryProperties.Retry settings;
    private final DoubleSupplier random;

    public RetryPolicy(DeliveryProperties.Retry settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /**
     * The delay before the next attempt after {@code attempts} failed ones, or empty when the delivery
     * should be given up.
     */
    public Optional<Duration> nextDelay(int attempts) {
        if (elapsedBefore(attempts).compareTo(settings.giveUpAfter()) >= 0) {
            return Optional.empty();
        }
        double nominal = nominalDelay(attempts).toMillis();
        double factor = 1 + settings.jitter() * (2 * random.getAsDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(nominal * factor))));
    }

    /** The nominal delay after the {@code attempts}-th failure (1-based). */
    Duration nominalDelay(int attempts) {
        double millis = settings.initialDelay().toMillis() * Math.pow(settings.multiplier(), Math.max(0, attempts - 1));
        return millis >= settings.maxDelay().toMillis() ? settings.maxDelay() : Duration.ofMillis((long) millis);
    }

    /** The nominal time waited in total before the {@code attempts}-th failure. */
    Duration elapsedBefore(int attempts) {
        Duration total = Duration.ZERO;
        for (int i = 1; i < attempts; i++) {
            total = total.plus(nominalDelay(i));
        }
        return total;
    }
}
