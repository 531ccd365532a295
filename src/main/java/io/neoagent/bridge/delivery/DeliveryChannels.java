package io.neoagent.bridge.delivery;

import io.neoagent.bridge.inbox.ChannelStates;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * The delivery channels from {@code delivery.channels} in {@code application.yaml}: each channel's route,
 * and the settings it needs before it can deliver. A channel whose settings are empty is not configured:
 * its deliveries are {@code held} until it is. A channel may also name a batch route that takes several
 * deliveries due together in one call; it is used only while its own required settings are set.
 */
public final class DeliveryChannels implements ChannelStates {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryChannels.class);

    /** The most deliveries one batch call may take (Salesforce's sObject Collections limit). */
    public static final int MAX_BATCH_SIZE = 200;

    /** How long a batching channel gathers what falls due before it claims, when {@code batch.gather} is not set. */
    public static final Duration DEFAULT_GATHER = Duration.ofMillis(250);

    /**
     * One channel as written in {@code application.yaml}.
     *
     * @param batchRoute the route that delivers several deliveries in one call, or null
     * @param batchSize  deliveries per call of {@code batchRoute}; 1 when the channel does not batch (no batch
     *                   route, its required settings unset, or a size of 1)
     * @param gather     how long deliveries falling due are gathered into one call, counted from when the one due
     *                   longest fell due; a full batch goes at once. Zero when the channel does not batch or does
     *                   not gather
     */
    public record Channel(
            String name,
            String route,
            List<String> requires,
            boolean configured,
            String batchRoute,
            int batchSize,
            List<String> batchRequires,
            Duration gather) {

        public boolean batches() {
            return batchSize > 1;
        }

        /** Waits to fill a batch before it claims (see {@code gather}). */
        public boolean gathers() {
            return batches() && !gather.isZero() && !gather.isNegative();
        }
    }

    private final Map<String, Channel> channels;

    public DeliveryChannels(Map<String, ChannelSettings> settings, Environment environment) {
        Map<String, Channel> resolved = new LinkedHashMap<>();
        settings.forEach((name, channel) -> {
            List<String> requires = channel.requires() == null ? List.of() : channel.requires();
            boolean configured = requires.stream().allMatch(key -> isSet(environment, key));
            Batch batch = channel.batch();
            if (batch != null && (batch.size() < 1 || batch.size() > MAX_BATCH_SIZE)) {
                throw new IllegalArgumentException("delivery.channels." + name + ".batch.size must be 1 to "
                        + MAX_BATCH_SIZE + ", not " + batch.size());
            }
            List<String> batchRequires = batch == null || batch.requires() == null ? List.of() : batch.requires();
            boolean canBatch = batch != null
                    && batch.route() != null
                    && !batch.route().isBlank()
                    && batchRequires.stream().allMatch(key -> isSet(environment, key));
            int batchSize = canBatch ? batch.size() : 1;
            Duration gather = batch == null || batch.gather() == null ? DEFAULT_GATHER : batch.gather();
            if (gather.isNegative()) {
                throw new IllegalArgumentException(
                        "delivery.channels." + name + ".batch.gather must be 0 (off) or more, not " + gather);
            }
            resolved.put(
                    name,
                    new Channel(
                            name,
                            channel.route(),
                            requires,
                            configured,
                            batch == null ? null : batch.route(),
                            batchSize,
                            batchRequires,
                            batchSize > 1 ? gather : Duration.ZERO));
        });
        this.channels = Map.copyOf(resolved);
    }

    private static boolean isSet(Environment environment, String key) {
        String value = environment.getProperty(key);
        return value != null && !value.isBlank();
    }

    public Optional<Channel> get(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    @Override
    public boolean isConfigured(String name) {
        return get(name).map(Channel::configured).orElse(false);
    }

    public List<Channel> all() {
        return channels.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /** Says once, at start-up, which channels cannot deliver and why. */
    public void logState() {
        for (Channel channel : all()) {
            if (channel.configured()) {
                LOG.info(
                        "Delivery channel {} is configured: route {}{}",
                        channel.name(),
                        channel.route(),
                        channel.batches()
                                ? ", and up to " + channel.batchSize() + " due together per call through route "
                                        + channel.batchRoute()
                                        + (channel.gathers()
                                                ? ", gathered for up to "
                                                        + channel.gather().toMillis() + " ms"
                                                : "")
                                : channel.batchRoute() == null
                                        ? ""
                                        : " (one per call: batches through " + channel.batchRoute() + " need "
                                                + String.join(", ", channel.batchRequires()) + ")");
            } else {
                LOG.warn(
                        "Delivery channel {} is not configured ({} must be set): its deliveries are held until it is",
                        channel.name(),
                        String.join(", ", channel.requires()));
            }
        }
    }

    /** {@code delivery.channels.<name>} as bound from {@code application.yaml}. */
    public record ChannelSettings(String route, List<String> requires, Batch batch) {}

    /**
     * {@code delivery.channels.<name>.batch}: the route that takes a list of events and ends with one
     * {@link DeliveryOutcome} per event, in order; how many it takes at most; the settings it needs; how long
     * deliveries falling due are gathered into one call (0: not at all, each pass takes what is due).
     */
    public record Batch(
            String route,
            @DefaultValue("1") int size,
            List<String> requires,
            @DefaultValue("250ms") Duration gather) {}
}
