package io.neoagent.bridge.delivery;

import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.logging.PersonalData;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * One health entry per delivery channel: configured or not, its last success and its last error (index lookups
 * only: health is polled often, and the inbox keeps every delivery for the retention period). An outage
 * of a destination does not make the bridge unhealthy (deliveries wait in the inbox), so a channel is
 * {@code UP} when configured and {@code UNKNOWN} when its deliveries are held.
 */
@Component("channelsHealthContributor")
class ChannelsHealth implements CompositeHealthContributor {

    private final DeliveryChannels channels;
    private final InboxRepository repository;

    ChannelsHealth(DeliveryChannels channels, InboxRepository repository) {
        this.channels = channels;
        this.repository = repository;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return channels.get(name).map(this::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> all = channels.all().stream()
                .map(channel -> NamedContributor.of(channel.name(), (HealthContributor) indicator(channel)))
                .toList();
        return all.iterator();
    }

    private HealthIndicator indicator(DeliveryChannels.Channel channel) {
        return () -> {
            Health.Builder health = channel.configured() ? Health.up() : Health.unknown();
            health.withDetail("configured", channel.configured());
            if (!channel.configured()) {
                health.withDetail("requires", channel.requires());
            }
            try {
                health.withDetail(
                        "lastSuccess",
                        repository
                                .lastDelivered(channel.name())
                                .map(Instant::toString)
                                .orElse("never"));
                repository
                        .lastFailure(channel.name())
                        .ifPresent(failure -> health.withDetail(
                                        "lastErrorAt", failure.at().toString())
                                .withDetail("lastError", PersonalData.mask(failure.error())));
            } catch (RuntimeException e) {
                health.withDetail("error", e.getClass().getSimpleName());
            }
            return health.build();
        };
    }
}
