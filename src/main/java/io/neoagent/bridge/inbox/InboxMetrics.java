package io.neoagent.bridge.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The inbox's backlog for Prometheus: deliveries per state ({@code neoagent.inbox.deliveries}, tag {@code state} with
 * the column value) and the age of the oldest undelivered delivery ({@code neoagent.inbox.oldest.undelivered.age}).
 * Read at each scrape; {@code NaN} while the inbox cannot be read.
 */
@Component
class InboxMetrics implements MeterBinder {

    private final InboxRepository repository;
    private final Clock clock;

    InboxMetrics(InboxRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (DeliveryState state : DeliveryState.values()) {
            Gauge.builder("neoagent.inbox.deliveries", () -> read(() -> repository.countDeliveries(state)))
                    .description("Deliveries in the inbox by state")
                    .tag("state", state.value())
                    .register(registry);
        }
        Gauge.builder("neoagent.inbox.oldest.undelivered.age", () -> read(this::oldestUndeliveredAgeSeconds))
                .description("Age of the oldest pending or retrying delivery")
                .baseUnit("seconds")
                .register(registry);
    }

    private double oldestUndeliveredAgeSeconds() {
        return repository
                .oldestUndelivered()
                .map(oldest -> Math.max(0, (clock.millis() - oldest.toEpochMilli()) / 1000.0))
                .orElse(0.0);
    }

    private static double read(Supplier<Number> value) {
        try {
            return value.get().doubleValue();
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }
}
