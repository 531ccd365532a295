package io.neoagent.bridge.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery channels from {@code delivery.channels} in {@code application.yaml}: each channel's route,
 * and the settings it needs before it can deliver. A channel whose settings are empty is not configured:
 * its deliveries are {@code held} until it is.
 */
public final class DeliveryChannels {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryChannels.class);

    /** One channel as written in {@code application.yaml}. */
    public record Channel(String name, String route, List<String> requires, boolean configured) {
    }

    private final Map<String, Channel> channels;

    public DeliveryChannels(Map<String, ChannelSettings> settings, Environment environment) {
        Map<String, Channel> resolved = new LinkedHashMap<>();
        settings.forEach((name, channel) -> {
            List<String> requires = channel.requires() == null ? List.of() : channel.requires();
            boolean configured = requires.stream().allMatch(key -> {
                String value = environment.getProperty(key);
                return value != null && !value.isBlank();
            });
            resolved.put(name, new Channel(name, channel.route(), requires, configured));
        });
        this.channels = Map.copyOf(resolved);
    }

    public Optional<Channel> get(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    public boolean isConfigured(String name) {
        return get(name).map(Channel::configured).orElse(false);
    }

    public List<Channel> all() {
        return channels.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    public List<String> configuredNames() {
        return all().stream().filter(Channel::configured).map(Channel::name).toList();
    }

    /** Says once, at start-up, which channels cannot deliver and why. */
    public void logState() {
        for (Channel channel : all()) {
            if (channel.configured()) {
                LOG.info("Delivery channel {} is configured: route {}", channel.name(), channel.route());
            } else {
                LOG.warn("Delivery channel {} is not configured ({} must be set): its deliveries are held until it is",
                        channel.name(), String.join(", ", channel.requires()));
            }
        }
    }

    /** {@code delivery.channels.<name>} as bound from {@code application.yaml}. */
    public record ChannelSettings(String route, List<String> requires) {
    }
}
