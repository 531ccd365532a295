package io.neoagent.bridge.inbox;

import io.neoagent.bridge.logging.PersonalData;
import io.neoagent.bridge.metrics.BridgeMetrics;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The delivery side of the inbox, called from {@code routes/inbox-dispatch.camel.yaml} as bean
 * {@code inboxDispatcher}: claims due deliveries under a lease, hands out the stored event for each, and
 * records the outcome (delivered with the id it produced, retry later, or dead).
 *
 * <p>On PostgreSQL several instances share the inbox: claims use {@code FOR UPDATE SKIP LOCKED}, so each
 * delivery is claimed by one instance, and a crashed instance's claims are taken over when their lease
 * expires. Every outcome is written only while this instance still holds the lease.
 */
@Component("inboxDispatcher")
public class InboxDispatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(InboxDispatcher.class);
    private static final int MAX_REASON_LENGTH = 1000;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final DeliveryChannels channels;
    private final DeliveryProperties properties;
    private final RetryPolicy retryPolicy;
    private final List<FailureClassifier> classifiers;
    private final NeoagentEventParser parser;
    private final String owner;
    private final boolean skipLocked;
    private final BridgeMetrics metrics;
    private final InboxWriteGate gate;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public InboxDispatcher(JdbcTemplate jdbc, TransactionTemplate transaction, Clock clock, DeliveryChannels channels,
                           DeliveryProperties properties, List<FailureClassifier> classifiers,
                           NeoagentEventParser neoagentEvents, InboxDatabase database, BridgeMetrics metrics, InboxWriteGate gate) {
        this.metrics = metrics;
        this.gate = gate;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
        this.channels = channels;
        this.properties = properties;
        this.retryPolicy = new RetryPolicy(properties.retry(), () -> ThreadLocalRandom.current().nextDouble());
        this.classifiers = List.copyOf(classifiers);
        this.parser = neoagentEvents;
        this.owner = instanceName();
        this.skipLocked = database.isPostgres();
    }

    /** Holds the deliveries of channels that are not configured and releases those of channels that now are. */
    @EventListener(ApplicationReadyEvent.class)
    public void reconcileHeldDeliveries() {
        channels.logState();
        long now = clock.millis();
        for (DeliveryChannels.Channel channel : channels.all()) {
            if (channel.configured()) {
                int released = jdbc.update("UPDATE inbox_delivery SET state = 'pending', next_attempt_at = ?, updated_at = ?"
                        + " WHERE channel = ? AND state = 'held'", now, now, channel.name());
                if (released > 0) {
                    LOG.info("Channel {} is configured now: {} held deliveries released", channel.name(), released);
                }
            } else {
                int held = jdbc.update("UPDATE inbox_delivery SET state = 'held', lease_owner = NULL, lease_until = NULL,"
                        + " updated_at = ? WHERE channel = ? AND state IN ('pending', 'retrying')", now, channel.name());
                if (held > 0) {
                    LOG.warn("Channel {} is not configured: {} deliveries held", channel.name(), held);
                }
            }
        }
    }

    /**
     * What one pass claimed, grouped for delivery: a group is one delivery, or up to a batching channel's
     * batch size of deliveries due together on that channel.
     *
     * @param groups the groups, each attempted on its own
     * @param more   some channel gave as many as one pass claims: more may be due
     */
    public record ClaimedDeliveries(List<List<DeliveryClaim>> groups, boolean more) {
    }

    /**
     * Claims due deliveries for this instance, per configured channel: up to {@code delivery.batch-size}, or
     * for a channel that batches, enough for one batch per delivery thread.
     */
    public ClaimedDeliveries claimDue() {
        if (!running) {
            return new ClaimedDeliveries(List.of(), false);
        }
        List<List<DeliveryClaim>> groups = new ArrayList<>();
        boolean more = false;
        for (DeliveryChannels.Channel channel : channels.all()) {
            if (!channel.configured()) {
                continue;
            }
            int limit = channel.batches() ? channel.batchSize() * properties.threads() : properties.batchSize();
            List<DeliveryClaim> claims = claim(channel, limit);
            more |= claims.size() >= limit;
            int groupSize = channel.batchSize();
            for (int from = 0; from < claims.size(); from += groupSize) {
                groups.add(List.copyOf(claims.subList(from, Math.min(claims.size(), from + groupSize))));
            }
        }
        return new ClaimedDeliveries(groups, more);
    }

    private List<DeliveryClaim> claim(DeliveryChannels.Channel channel, int limit) {
        long now = clock.millis();
        long leaseUntil = now + properties.lease().toMillis();
        String sql = "UPDATE inbox_delivery SET lease_owner = ?, lease_until = ?, updated_at = ?"
                + " WHERE id IN (SELECT id FROM inbox_delivery"
                + " WHERE state IN ('pending', 'retrying') AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until < ?) AND channel = ?"
                + " ORDER BY next_attempt_at, id LIMIT ?" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : "") + ")"
                + " RETURNING id, event_id, channel, attempts, created_at";
        List<DeliveryClaim> claims = gate.write(() -> transaction.execute(status -> jdbc.query(sql, (row, i) -> new DeliveryClaim(
                        row.getLong("id"), row.getLong("event_id"), channel.name(), channel.route(),
                        channel.batches() ? channel.batchRoute() : null, row.getInt("attempts"),
                        owner, row.getLong("created_at")),
                owner, leaseUntil, now, now, now, channel.name(), limit)));
        // RETURNING gives no order: deliver oldest first
        claims = new ArrayList<>(claims);
        claims.sort(Comparator.comparingLong(DeliveryClaim::id));
        claims.forEach(claim -> inFlight.add(claim.id()));
        return claims;
    }

    /** The stored event a claim delivers, read back and validated like a new request. */
    public NeoagentEvent event(DeliveryClaim claim) throws Exception {
        if (!running) {
            throw new ShuttingDownException();
        }
        String payload = jdbc.queryForObject("SELECT payload FROM inbox_event WHERE id = ?", String.class, claim.eventId());
        return parser.parse(payload.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    /** The stored events of a batch, in the order of its claims. */
    public List<NeoagentEvent> events(List<DeliveryClaim> claims) throws Exception {
        if (!running) {
            throw new ShuttingDownException();
        }
        String in = String.join(",", claims.stream().map(claim -> "?").toList());
        Map<Long, String> payloads = new HashMap<>();
        jdbc.query("SELECT id, payload FROM inbox_event WHERE id IN (" + in + ")",
                row -> { payloads.put(row.getLong("id"), row.getString("payload")); },
                claims.stream().map(DeliveryClaim::eventId).toArray());
        List<NeoagentEvent> events = new ArrayList<>(claims.size());
        for (DeliveryClaim claim : claims) {
            events.add(parser.parse(payloads.get(claim.eventId()).getBytes(StandardCharsets.UTF_8)).get(0));
        }
        return events;
    }

    /**
     * Records the outcome of each delivery of a batch: {@code outcomes} holds one per claim, in the same order,
     * as the channel's batch route ends. Any other answer fails the whole batch (retried later).
     *
     * @return whether some deliveries were given back unsent, and so are due again now
     */
    public boolean recordOutcomes(List<DeliveryClaim> claims, List<?> outcomes) {
        if (outcomes == null || outcomes.size() != claims.size()
                || !outcomes.stream().allMatch(DeliveryOutcome.class::isInstance)) {
            failedAll(claims, new IllegalStateException("the batch route answered " + (outcomes == null ? "nothing"
                    : outcomes.size() + " outcomes") + " for " + claims.size() + " deliveries"));
            return false;
        }
        // one transaction for the batch: one commit instead of one per delivery
        gate.run(() -> transaction.executeWithoutResult(status -> {
            for (int i = 0; i < claims.size(); i++) {
                DeliveryClaim claim = claims.get(i);
                Object outcome = outcomes.get(i);
                if (outcome instanceof DeliveryOutcome.Delivered delivered) {
                    delivered(claim, delivered.resultId());
                } else if (outcome instanceof DeliveryOutcome.Failed failed) {
                    failed(claim, failed.error());
                } else if (outcome instanceof DeliveryOutcome.NotSent notSent) {
                    giveBack(claim, notSent.reason());
                }
            }
        }));
        return outcomes.stream().anyMatch(DeliveryOutcome.NotSent.class::isInstance);
    }

    /** Records the same failure for every delivery of a batch (the whole call failed). */
    public void failedAll(List<DeliveryClaim> claims, Throwable error) {
        gate.run(() -> transaction.executeWithoutResult(status -> claims.forEach(claim -> failed(claim, error))));
    }

    /** Records a successful attempt and the id the destination gave the delivery (record id, Message-ID). */
    public void delivered(DeliveryClaim claim, Object resultId) {
        long now = clock.millis();
        int updated = gate.write(() -> jdbc.update("UPDATE inbox_delivery SET state = 'delivered', attempts = attempts + 1,"
                        + " result_id = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?"
                        + " WHERE id = ? AND lease_owner = ?",
                resultId == null ? null : resultId.toString(), now, claim.id(), owner));
        inFlight.remove(claim.id());
        if (updated > 0) {
            metrics.deliveryOutcome(claim.channel(), "delivered");
            metrics.deliveryLatency(claim.channel(), Duration.ofMillis(Math.max(0, now - claim.createdAt())));
        }
        log(claim, updated, "delivered", resultId == null ? "" : " as " + resultId);
    }

    /** Records a failed attempt: retry later with a growing delay, or dead when retrying cannot help. */
    public void failed(DeliveryClaim claim, Throwable error) {
        inFlight.remove(claim.id());
        if (error instanceof ShuttingDownException) {
            giveBack(claim, null);
            return;
        }
        DeliveryFailure failure = classify(error);
        int attempts = claim.attempts() + 1;
        long now = clock.millis();
        Optional<Duration> delay = failure.permanent() ? Optional.empty() : retryPolicy.nextDelay(attempts);
        String state = delay.isPresent() ? "retrying" : "dead";
        long nextAttempt = now + delay.map(Duration::toMillis).orElse(0L);
        int updated = gate.write(() -> jdbc.update("UPDATE inbox_delivery SET state = ?, attempts = ?, next_attempt_at = ?,"
                        + " last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
                state, attempts, nextAttempt, truncate(failure.reason()), now, claim.id(), owner));
        if (updated > 0) {
            metrics.deliveryOutcome(claim.channel(), state);
        }
        log(claim, updated, state, delay.map(d -> " (attempt " + attempts + ", next in " + d.toSeconds() + " s)")
                .orElse(" (attempt " + attempts + (failure.permanent() ? ", permanent" : ", gave up") + ")")
                + ": " + PersonalData.mask(truncate(failure.reason())));
    }

    /** Gives a claimed delivery back unattempted: due again at once, for this or another instance. */
    private void giveBack(DeliveryClaim claim, String reason) {
        inFlight.remove(claim.id());
        gate.run(() -> jdbc.update("UPDATE inbox_delivery SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                claim.id(), owner));
        if (reason != null) {
            LOG.info("Delivery {} of event {} to {}: not sent in this batch ({}), due again", claim.id(), claim.eventId(),
                    claim.channel(), reason);
        }
    }

    /**
     * Sends dead and held deliveries out again: one delivery, or every one of a channel. Deliveries of a
     * channel that is still not configured stay held.
     *
     * @return how many deliveries were replayed
     */
    public int replay(long deliveryId) {
        return replayWhere("id = ?", deliveryId);
    }

    /** Replays every dead or held delivery of {@code channel}. */
    public int replayChannel(String channel) {
        return replayWhere("channel = ?", channel);
    }

    private int replayWhere(String condition, Object value) {
        long now = clock.millis();
        int pending = 0;
        for (DeliveryChannels.Channel channel : channels.all()) {
            String state = channel.configured() ? "pending" : "held";
            pending += gate.write(() -> jdbc.update("UPDATE inbox_delivery SET state = ?, attempts = 0, next_attempt_at = ?,"
                    + " updated_at = ? WHERE state IN ('dead', 'held') AND channel = ? AND " + condition,
                    state, now, now, channel.name(), value));
        }
        if (pending > 0) {
            LOG.info("Replaying {} deliveries ({} = {})", pending, condition.replace(" = ?", ""), value);
        }
        return pending;
    }

    DeliveryFailure classify(Throwable error) {
        for (FailureClassifier classifier : classifiers) {
            Optional<DeliveryFailure> known = classifier.classify(error);
            if (known.isPresent()) {
                return known.get();
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PermanentDeliveryException permanent) {
                return DeliveryFailure.permanentFailure(permanent.getMessage());
            }
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof TimeoutException
                    || cause instanceof InterruptedIOException) {
                return DeliveryFailure.transientFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (cause instanceof IOException) {
                return DeliveryFailure.transientFailure("I/O error: " + cause.getMessage());
            }
        }
        return DeliveryFailure.transientFailure(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    private void log(DeliveryClaim claim, int updated, String outcome, String detail) {
        if (updated == 0) {
            LOG.warn("Delivery {} of event {} to {}: lease lost before recording '{}'; another instance owns it now",
                    claim.id(), claim.eventId(), claim.channel(), outcome);
        } else {
            LOG.info("Delivery {} of event {} to {}: {}{}", claim.id(), claim.eventId(), claim.channel(), outcome, detail);
        }
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    private static String instanceName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "bridge");
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- graceful shutdown: claim nothing new, let attempts under way finish, give back the rest ---

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!inFlight.isEmpty()) {
            LOG.warn("{} deliveries still under way at shutdown: their leases expire in {} and another instance takes them over",
                    inFlight.size(), properties.lease());
        }
    }

    /** Tells the dispatch route that a claimed delivery was given back unattempted because the bridge is stopping. */
    static final class ShuttingDownException extends Exception {
        ShuttingDownException() {
            super("bridge is shutting down", null, false, false);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
