package io.neoagent.bridge.delivery;

import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.inbox.InboxWriteGate;
import io.neoagent.bridge.logging.PersonalData;
import io.neoagent.bridge.metrics.BridgeMetrics;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery side of the inbox, driven by {@link DeliveryScheduler}: claims due deliveries under a lease, hands out
 * the stored event for each, and records the outcome (delivered with the id it produced, retry later, or dead) after
 * the attempt. Also replays dead and held deliveries (admin API).
 *
 * <p>On PostgreSQL several instances share the inbox: claims use {@code FOR UPDATE SKIP LOCKED}, so each
 * delivery is claimed by one instance, and a crashed instance's claims are taken over when their lease
 * expires. Leases are set and compared on the database's clock. Each claim writes a random token into its rows;
 * every outcome is written only while the row still carries that token, so an attempt whose lease ran out and
 * was claimed again records nothing. While an attempt runs its lease is renewed (every third of the lease), and
 * this instance never claims a delivery it is still attempting.
 *
 * <p>A send that succeeded is never sent again because recording it failed: outcomes are recorded after the
 * attempt, outside its failure path, and a record that fails (SQLite busy, a dropped connection) is retried for
 * about half a minute. If it still fails, the lease is left to run out, so nobody sends the delivery again
 * before then.
 */
@Component
public class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final int MAX_REASON_LENGTH = 1000;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);
    /** Waits between tries at recording an outcome: about half a minute in all, then the lease is left to run out. */
    private static final List<Duration> RECORD_RETRY_DELAYS = List.of(
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofSeconds(4),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15));
    /** An attempt still under way after this many leases is taken for stuck: its lease is no longer renewed. */
    private static final int MAX_RENEWED_LEASES = 10;

    private final InboxRepository inbox;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final DeliveryChannels channels;
    private final DeliveryProperties properties;
    private final RetryPolicy retryPolicy;
    private final List<FailureClassifier> classifiers;
    private final NeoagentEventParser parser;
    private final String owner;
    private final BridgeMetrics metrics;
    private final InboxWriteGate gate;
    private final List<ChannelPace> paces;
    /** Claims of this instance whose attempt is under way, by delivery id: renewed, and never claimed again meanwhile. */
    private final Map<Long, Attempt> inFlight = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService leaseRenewer;
    private volatile boolean running;

    public DeliveryDispatcher(
            InboxRepository inbox,
            TransactionTemplate transaction,
            Clock clock,
            DeliveryChannels channels,
            DeliveryProperties properties,
            List<FailureClassifier> classifiers,
            NeoagentEventParser neoagentEvents,
            BridgeMetrics metrics,
            InboxWriteGate gate,
            List<ChannelPace> paces) {
        this.metrics = metrics;
        this.paces = List.copyOf(paces);
        this.gate = gate;
        this.inbox = inbox;
        this.transaction = transaction;
        this.clock = clock;
        this.channels = channels;
        this.properties = properties;
        this.retryPolicy = new RetryPolicy(
                properties.retry(), () -> ThreadLocalRandom.current().nextDouble());
        this.classifiers = List.copyOf(classifiers);
        this.parser = neoagentEvents;
        this.owner = instanceName();
    }

    /** A claim under way since {@code since} ({@link System#nanoTime()}). */
    private record Attempt(DeliveryClaim claim, long since) {}

    /** Holds the deliveries of channels that are not configured and releases those of channels that now are. */
    @EventListener(ApplicationReadyEvent.class)
    public void reconcileHeldDeliveries() {
        channels.logState();
        long now = clock.millis();
        for (DeliveryChannels.Channel channel : channels.all()) {
            if (channel.configured()) {
                int released = gate.write(() -> inbox.releaseHeld(channel.name(), now));
                if (released > 0) {
                    LOG.info("Channel {} is configured now: {} held deliveries released", channel.name(), released);
                }
            } else {
                int held = gate.write(() -> inbox.holdUndelivered(channel.name(), now));
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
     * @param groups        the groups, each attempted on its own
     * @param more          some channel gave as many as one pass claims: more may be due
     * @param windowEndsIn  how soon the first gathering window still open ends (see {@link #claimDue}): a pass is
     *                      due then; null when no channel is gathering
     */
    public record ClaimedDeliveries(List<List<DeliveryClaim>> groups, boolean more, Duration windowEndsIn) {}

    /**
     * Claims due deliveries for this instance, per configured channel: up to {@code delivery.batch-size}, or
     * for a channel that batches, enough for one batch per delivery thread. A channel with nothing due is only
     * read, not claimed from. A channel that gathers ({@code batch.gather}) claims what is due only once the
     * window of the delivery due longest has ended (counted from when it fell due, so none waits longer), or a full
     * batch at once; until then the rest gathers, and {@link ClaimedDeliveries#windowEndsIn} says when to look again. A
     * channel slowed down by its {@link ChannelPace} gives one delivery, and only when it is the only one due.
     */
    public ClaimedDeliveries claimDue() {
        if (!running) {
            return new ClaimedDeliveries(List.of(), false, null);
        }
        List<List<DeliveryClaim>> groups = new ArrayList<>();
        boolean more = false;
        Duration windowEndsIn = null;
        for (DeliveryChannels.Channel channel : channels.all()) {
            if (!channel.configured()) {
                continue;
            }
            int limit = channel.batches() ? channel.batchSize() * properties.threads() : properties.batchSize();
            long now = clock.millis();
            InboxRepository.Due due = inbox.due(channel.name(), now, List.copyOf(inFlight.keySet()), limit);
            if (due.count() == 0) {
                continue;
            }
            if (onlyDueAlone(channel.name())) {
                // slowed down: a delivery due alone goes at once, more wait for the channel's pace
                if (due.count() == 1) {
                    claim(channel, 1).forEach(claim -> groups.add(List.of(claim)));
                }
                continue;
            }
            int claimNow = limit;
            if (channel.gathers()) {
                // the window of the one due longest; never more than one window from now (clocks of other instances)
                long windowEnd = Math.min(
                        due.oldestDueAt() + channel.gather().toMillis(),
                        now + channel.gather().toMillis());
                if (now < windowEnd) {
                    // full batches go at once, the rest gathers until the window ends
                    claimNow = due.count() / channel.batchSize() * channel.batchSize();
                    Duration left = Duration.ofMillis(windowEnd - now);
                    windowEndsIn = windowEndsIn == null || left.compareTo(windowEndsIn) < 0 ? left : windowEndsIn;
                    if (claimNow == 0) {
                        continue;
                    }
                }
            }
            List<DeliveryClaim> claims = claim(channel, claimNow);
            more |= claims.size() >= limit;
            int groupSize = channel.batchSize();
            for (int from = 0; from < claims.size(); from += groupSize) {
                groups.add(List.copyOf(claims.subList(from, Math.min(claims.size(), from + groupSize))));
            }
        }
        return new ClaimedDeliveries(groups, more, windowEndsIn);
    }

    private boolean onlyDueAlone(String channel) {
        return paces.stream().anyMatch(pace -> pace.onlyDueAlone(channel));
    }

    private List<DeliveryClaim> claim(DeliveryChannels.Channel channel, int limit) {
        long now = clock.millis();
        String token = UUID.randomUUID().toString();
        // what this instance is still attempting stays with it, even if its lease ran out (renewal failed)
        List<Long> underWay = List.copyOf(inFlight.keySet());
        List<DeliveryClaim> claims = gate
                .write(() -> transaction.execute(status -> inbox.claim(
                        channel.name(), owner, token, properties.lease().toMillis(), now, underWay, limit)))
                .stream()
                .map(row -> new DeliveryClaim(
                        row.id(),
                        row.eventId(),
                        channel.name(),
                        channel.route(),
                        channel.batches() ? channel.batchRoute() : null,
                        row.attempts(),
                        owner,
                        token,
                        row.createdAt(),
                        row.resultId()))
                .toList();
        long since = System.nanoTime();
        claims.forEach(claim -> inFlight.put(claim.id(), new Attempt(claim, since)));
        return claims;
    }

    /** The stored event a claim delivers, read back and validated like a new request. */
    NeoagentEvent event(DeliveryClaim claim) throws Exception {
        if (!running) {
            throw new ShuttingDownException();
        }
        return events(List.of(claim)).get(0);
    }

    /** The stored events of a batch, in the order of its claims. */
    List<NeoagentEvent> events(List<DeliveryClaim> claims) throws Exception {
        if (!running) {
            throw new ShuttingDownException();
        }
        Map<Long, String> payloads =
                inbox.payloads(claims.stream().map(DeliveryClaim::eventId).toList());
        List<NeoagentEvent> events = new ArrayList<>(claims.size());
        for (DeliveryClaim claim : claims) {
            events.add(parser.parse(payloads.get(claim.eventId()).getBytes(StandardCharsets.UTF_8))
                    .get(0));
        }
        return events;
    }

    /**
     * Records the outcome of each delivery of a batch: {@code outcomes} holds one per claim, in the same order,
     * as the channel's batch route ends. Any other answer fails the whole batch (retried later). The outcomes are
     * written in one transaction, retried when it fails; each only while its row still carries the claim's token.
     *
     * @return whether some deliveries were given back unsent, and so are due again now
     */
    boolean recordOutcomes(List<DeliveryClaim> claims, List<?> outcomes) {
        if (outcomes == null
                || outcomes.size() != claims.size()
                || !outcomes.stream().allMatch(DeliveryOutcome.class::isInstance)) {
            failedAll(
                    claims,
                    new IllegalStateException(
                            "the batch route answered " + (outcomes == null ? "nothing" : outcomes.size() + " outcomes")
                                    + " for " + claims.size() + " deliveries"));
            return false;
        }
        List<Write> writes = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            writes.add(write(claims.get(i), (DeliveryOutcome) outcomes.get(i)));
        }
        recordAll(writes);
        return outcomes.stream().anyMatch(DeliveryOutcome.NotSent.class::isInstance);
    }

    /** Records the same failure for every delivery of a batch (the batch route's answer does not fit). */
    private void failedAll(List<DeliveryClaim> claims, Throwable error) {
        recordAll(claims.stream().map(claim -> failedWrite(claim, error)).toList());
    }

    /**
     * One outcome, ready to write: its update (fenced by the claim's token) with every value decided, so writing it
     * again after a failed try writes the same, and what to log and count once it is committed.
     *
     * @param outcome the state recorded, or null for a delivery given back unattempted
     * @param update  writes it; answers 0 when the row no longer carries the claim's token
     */
    private record Write(DeliveryClaim claim, DeliveryState outcome, String detail, IntSupplier update) {}

    private Write write(DeliveryClaim claim, DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            return deliveredWrite(claim, delivered.resultId());
        } else if (outcome instanceof DeliveryOutcome.Failed failed) {
            return failedWrite(claim, failed.error());
        }
        return giveBackWrite(claim, ((DeliveryOutcome.NotSent) outcome).reason());
    }

    private Write deliveredWrite(DeliveryClaim claim, String resultId) {
        long now = clock.millis();
        return new Write(
                claim,
                DeliveryState.DELIVERED,
                resultId == null ? "" : " as " + resultId,
                () -> inbox.recordDelivered(claim.id(), claim.leaseToken(), claim.attempts() + 1, resultId, now));
    }

    private Write failedWrite(DeliveryClaim claim, Throwable error) {
        if (error instanceof ShuttingDownException) {
            return giveBackWrite(claim, null);
        }
        DeliveryFailure failure = classify(error);
        int attempts = claim.attempts() + 1;
        long now = clock.millis();
        Optional<Duration> delay = failure.permanent() ? Optional.empty() : retryPolicy.nextDelay(attempts);
        DeliveryState state = delay.isPresent() ? DeliveryState.RETRYING : DeliveryState.DEAD;
        long nextAttempt = now + delay.map(Duration::toMillis).orElse(0L);
        String detail = delay.map(d -> " (attempt " + attempts + ", next in " + d.toSeconds() + " s)")
                        .orElse(" (attempt " + attempts + (failure.permanent() ? ", permanent" : ", gave up") + ")")
                + ": " + PersonalData.mask(truncate(failure.reason()));
        String reason = truncate(failure.reason());
        String madeAlready = PartlyDeliveredException.resultIdOf(error);
        boolean channelDown = failure.channelDown();
        return new Write(
                claim,
                state,
                detail,
                () -> inbox.recordFailed(
                        claim.id(),
                        claim.leaseToken(),
                        state,
                        attempts,
                        nextAttempt,
                        reason,
                        madeAlready,
                        channelDown,
                        now));
    }

    /** A claimed delivery given back unattempted: due again at once, for this or another instance. */
    private Write giveBackWrite(DeliveryClaim claim, String reason) {
        return new Write(claim, null, reason, () -> inbox.giveBack(claim.id(), claim.leaseToken()));
    }

    /** What one transaction of outcomes wrote: each outcome's update count, and the deliveries brought forward. */
    private record Recorded(int[] updated, int broughtForward) {}

    /**
     * Writes outcomes (all of one channel) in one transaction, trying again when the write fails; then logs and
     * counts them. When one of them was delivered, the channel is up: in the same transaction, its deliveries waiting
     * on a retry because it was down are made due now ({@link InboxRepository#bringForward}), so a backlog goes out
     * together, in full batches where the channel batches, not each on its own retry schedule. The claims are no
     * longer under way afterwards, even when every try failed: then their leases are left to run out.
     */
    private void recordAll(List<Write> writes) {
        String channel = writes.get(0).claim().channel();
        boolean channelUp = writes.stream().anyMatch(write -> write.outcome() == DeliveryState.DELIVERED);
        long now = clock.millis();
        try {
            Optional<Recorded> recorded = retryingRecord(
                    writes,
                    () -> gate.write(() -> transaction.execute(status -> new Recorded(
                            writes.stream()
                                    .mapToInt(write -> write.update().getAsInt())
                                    .toArray(),
                            channelUp ? inbox.bringForward(channel, now) : 0))));
            recorded.ifPresent(done -> {
                for (int i = 0; i < writes.size(); i++) {
                    report(writes.get(i), done.updated()[i]);
                }
                if (done.broughtForward() > 0) {
                    LOG.info(
                            "Channel {} delivers again: {} deliveries waiting on a retry since it was down are due now",
                            channel,
                            done.broughtForward());
                }
            });
        } finally {
            writes.forEach(write -> noLongerUnderWay(write.claim()));
        }
    }

    /** Forgets this claim's attempt, but not a later claim of the same delivery. */
    private void noLongerUnderWay(DeliveryClaim claim) {
        inFlight.computeIfPresent(
                claim.id(), (id, attempt) -> attempt.claim().leaseToken().equals(claim.leaseToken()) ? null : attempt);
    }

    private <T> Optional<T> retryingRecord(List<Write> writes, Supplier<T> record) {
        for (int tries = 1; ; tries++) {
            try {
                return Optional.of(record.get());
            } catch (DataAccessException | TransactionException e) {
                if (tries > RECORD_RETRY_DELAYS.size()) {
                    Write first = writes.get(0);
                    LOG.error(
                            "Could not record the outcome of {} ({}{}) after {} tries: {}. Their leases are left to run out"
                                    + " (in at most {}), so nobody attempts them again before then",
                            first.claim(),
                            first.outcome() == null
                                    ? "given back"
                                    : first.outcome().value(),
                            writes.size() > 1 ? " and " + (writes.size() - 1) + " more" : "",
                            tries,
                            PersonalData.mask(truncate(
                                    String.valueOf(e.getMostSpecificCause().getMessage()))),
                            properties.lease());
                    return Optional.empty();
                }
                Duration delay = RECORD_RETRY_DELAYS.get(tries - 1);
                LOG.warn(
                        "Recording the outcome of {} failed ({}): trying again in {} ms",
                        writes.get(0).claim(),
                        e.getClass().getSimpleName(),
                        delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    LOG.error(
                            "Interrupted while recording the outcome of {}: its lease is left to run out",
                            writes.get(0).claim());
                    return Optional.empty();
                }
            }
        }
    }

    private void report(Write write, int updated) {
        DeliveryClaim claim = write.claim();
        if (write.outcome() == null) {
            if (write.detail() != null) {
                LOG.info(
                        "Delivery {} of event {} to {}: not sent in this batch ({}), due again",
                        claim.id(),
                        claim.eventId(),
                        claim.channel(),
                        write.detail());
            }
            return;
        }
        if (updated == 0) {
            LOG.warn(
                    "Delivery {} of event {} to {}: its lease ran out and it was claimed again before recording '{}';"
                            + " not recorded",
                    claim.id(),
                    claim.eventId(),
                    claim.channel(),
                    write.outcome().value());
            return;
        }
        metrics.deliveryOutcome(claim.channel(), write.outcome().value());
        if (write.outcome() == DeliveryState.DELIVERED) {
            metrics.deliveryLatency(
                    claim.channel(), Duration.ofMillis(Math.max(0, clock.millis() - claim.createdAt())));
        }
        LOG.info(
                "Delivery {} of event {} to {}: {}{}",
                claim.id(),
                claim.eventId(),
                claim.channel(),
                write.outcome().value(),
                write.detail());
    }

    /**
     * Extends the lease of every attempt under way in this instance, each only while its row still carries the
     * claim's token. Runs every third of the lease, so a slow attempt keeps its delivery.
     */
    void renewLeases() {
        List<Attempt> attempts = new ArrayList<>(inFlight.values());
        long stuckAfter = System.nanoTime() - properties.lease().toNanos() * MAX_RENEWED_LEASES;
        attempts.removeIf(attempt -> {
            if (attempt.since() - stuckAfter < 0) {
                inFlight.remove(attempt.claim().id(), attempt);
                LOG.warn(
                        "{}: still under way after {} leases; no longer renewed, so it may be attempted again",
                        attempt.claim(),
                        MAX_RENEWED_LEASES);
                return true;
            }
            return false;
        });
        if (attempts.isEmpty()) {
            return;
        }
        List<InboxRepository.Lease> leases = attempts.stream()
                .map(attempt -> new InboxRepository.Lease(
                        attempt.claim().id(), attempt.claim().leaseToken()))
                .toList();
        // a row not renewed was recorded meanwhile, or claimed again after its lease ran out: its outcome's
        // write, fenced by the same token, tells which
        gate.run(() -> transaction.executeWithoutResult(
                status -> inbox.renewLeases(leases, properties.lease().toMillis())));
    }

    /**
     * Sends dead and held deliveries out again: one delivery, or every one of a channel. Deliveries of a
     * channel that is still not configured stay held.
     *
     * @return how many deliveries were replayed
     */
    public int replay(long deliveryId) {
        return replayWhere(deliveryId);
    }

    /** Replays every dead or held delivery of {@code channel}. */
    public int replayChannel(String channel) {
        return replayWhere(null, channel);
    }

    /** Replays delivery {@code deliveryId} (whatever its channel), or with null every one of {@code onlyChannel}. */
    private int replayWhere(Long deliveryId) {
        return replayWhere(deliveryId, null);
    }

    private int replayWhere(Long deliveryId, String onlyChannel) {
        long now = clock.millis();
        int pending = 0;
        for (DeliveryChannels.Channel channel : channels.all()) {
            if (onlyChannel != null && !onlyChannel.equals(channel.name())) {
                continue;
            }
            DeliveryState state = channel.configured() ? DeliveryState.PENDING : DeliveryState.HELD;
            pending += gate.write(() -> inbox.replay(channel.name(), deliveryId, state, now));
        }
        if (pending > 0) {
            LOG.info(
                    "Replaying {} deliveries ({})",
                    pending,
                    deliveryId != null ? "delivery " + deliveryId : "channel " + onlyChannel);
        }
        return pending;
    }

    DeliveryFailure classify(Throwable error) {
        if (error instanceof PartlyDeliveredException partly && partly.getCause() != null) {
            DeliveryFailure rest = classify(partly.getCause());
            return new DeliveryFailure(
                    rest.permanent(),
                    partly.resultId() + " was made; " + partly.what() + ": " + rest.reason(),
                    rest.channelDown());
        }
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
            if (cause instanceof WaitingForDeliveryException waiting) {
                return DeliveryFailure.transientFailure(waiting.getMessage());
            }
            if (cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException
                    || cause instanceof TimeoutException
                    || cause instanceof InterruptedIOException) {
                return DeliveryFailure.channelDownFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (cause instanceof IOException) {
                return DeliveryFailure.channelDownFailure("I/O error: " + cause.getMessage());
            }
        }
        return DeliveryFailure.transientFailure(error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    private static String instanceName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "bridge");
        return host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- graceful shutdown: claim nothing new, let attempts under way finish, give back the rest ---

    /** Starts claiming, and renewing the leases of attempts under way: called by {@link DeliveryScheduler}. */
    @SuppressWarnings("FutureReturnValueIgnored") // the renewal catches and logs its own failures; stop() ends it
    public void start() {
        running = true;
        long every = Math.max(1, properties.lease().toMillis() / 3);
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "inbox-lease-renewer");
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleWithFixedDelay(this::renewLeasesLoggingFailures, every, every, TimeUnit.MILLISECONDS);
        leaseRenewer = renewer;
    }

    private void renewLeasesLoggingFailures() {
        try {
            renewLeases();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not renew the leases of {} deliveries under way ({}): tried again in {} ms",
                    inFlight.size(),
                    e.getClass().getSimpleName(),
                    Math.max(1, properties.lease().toMillis() / 3));
        }
    }

    /** Claims nothing more and waits (up to 15 s) for the attempts under way: called by {@link DeliveryScheduler}. */
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
        ScheduledExecutorService renewer = leaseRenewer;
        if (renewer != null) {
            renewer.shutdownNow();
        }
        if (!inFlight.isEmpty()) {
            LOG.warn(
                    "{} deliveries still under way at shutdown: their leases expire in {} and another instance takes them over",
                    inFlight.size(),
                    properties.lease());
        }
    }

    /** Tells the scheduler that a claimed delivery was given back unattempted because the bridge is stopping. */
    static final class ShuttingDownException extends Exception {
        ShuttingDownException() {
            super("bridge is shutting down", null, false, false);
        }
    }

    public boolean isRunning() {
        return running;
    }
}
