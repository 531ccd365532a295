package io.neoagent.bridge.delivery;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One health entry per delivery channel: configured or not, its last success and its last error (index lookups
 * only: health is polled often, and the inbox keeps every delivery for the retention period). An outage
 * of a destination does not make the bridge unhealthy (deliveries wait in the inbox), so a channel is
 * {@code UP} when configured and {@code UNKNOWN} when its deliveries are held.
 */
@Component("channelsHealthContributor")
class ChannelsHealth implements CompositeHealthContributor {

    private final DeliveryChannels channels;
    private final JdbcTemplate jdbc;

    ChannelsHealth(DeliveryChannels channels, JdbcTemplate jdbc) {
        this.channels = channels;
        this.jdbc = jdbc;
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
                List<Map<String, Object>> success = jdbc.queryForList("SELECT MAX(updated_at) AS at FROM inbox_delivery"
                        + " WHERE channel = ? AND state = 'delivered'", channel.name());
                Object at = success.isEmpty() ? null : success.get(0).get("at");
                health.withDetail("lastSuccess", at == null ? "never" : Instant.ofEpochMilli(((Number) at).longValue()).toString());
                // each state on its own, so both reads are one step down the (channel, state, updated_at) index
                List<Map<String, Object>> failure = new ArrayList<>();
                for (String state : List.of("retrying", "dead")) {
                    failure.addAll(jdbc.queryForList("SELECT updated_at, last_error FROM inbox_delivery"
                            + " WHERE channel = ? AND state = ? ORDER BY updated_at DESC LIMIT 1", channel.name(), state));
                }
                failure.sort(Comparator.comparingLong(row -> -((Number) row.get("updated_at")).longValue()));
                if (!failure.isEmpty()) {
                    health.withDetail("lastErrorAt", Instant.ofEpochMilli(((Number) failure.get(0).get("updated_at")).longValue()).toString());
                    health.withDetail("lastError", io.neoagent.bridge.logging.PersonalData.mask((String) failure.get(0).get("last_error")));
                }
            } catch (RuntimeException e) {
                health.withDetail("error", e.getClass().getSimpleName());
            }
            return health.build();
        };
    }
}
