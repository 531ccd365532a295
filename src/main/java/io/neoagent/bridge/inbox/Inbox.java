package io.neoagent.bridge.inbox;

import io.neoagent.bridge.metrics.BridgeMetrics;
import io.neoagent.bridge.webhook.EventSource;
import io.neoagent.bridge.webhook.InvalidWebhookRequestException;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable inbox: one row per accepted event, one row per delivery of it. Called from the YAML routes
 * as bean {@code inbox}. Its SQL is {@link InboxRepository}'s; this class decides what commits together.
 */
@Component("inbox")
public class Inbox {

    /** Requests that arrive during a commit go into the next one together, up to this many. */
    private static final int MAX_REQUESTS_PER_COMMIT = 256;

    private final InboxRepository repository;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ChannelStates channels;
    private final ObjectProvider<CommitListener> commitListeners;
    private final BridgeMetrics metrics;
    private final GroupCommit<List<RoutedEvent>, StoreResult> writer;
    private final InboxWriteGate gate;
    private final Duration commitTimeout;
    private final NeoagentEventParser parser;
    private final InboxWritability writability;

    public Inbox(
            InboxRepository repository,
            TransactionTemplate transaction,
            Clock clock,
            ChannelStates channels,
            BridgeMetrics metrics,
            InboxWriteGate gate,
            InboxProperties properties,
            NeoagentEventParser neoagentEvents,
            InboxWritability writability,
            ObjectProvider<CommitListener> commitListeners) {
        this.commitListeners = commitListeners;
        this.parser = neoagentEvents;
        this.writability = writability;
        this.gate = gate;
        this.commitTimeout = properties.commitTimeout();
        this.repository = repository;
        this.transaction = transaction;
        this.clock = clock;
        this.channels = channels;
        this.metrics = metrics;
        this.writer = new GroupCommit<>("inbox-writer", MAX_REQUESTS_PER_COMMIT, this::insertAll);
        metrics.commitsWaiting(writer::waiting);
    }

    /**
     * Pairs an event with the channels the router chose, given as a comma-separated list
     * (empty: unrouted).
     */
    public RoutedEvent route(NeoagentEvent event, String channels) {
        List<String> names = channels == null
                ? List.of()
                : Arrays.stream(channels.split(","))
                        .map(String::strip)
                        .filter(name -> !name.isEmpty())
                        .distinct()
                        .toList();
        return new RoutedEvent(event, names);
    }

    /**
     * Stores the events of one request and their deliveries, all or nothing, and returns once they are
     * committed. Requests that arrive together share one transaction (group commit: see {@link GroupCommit});
     * a request that cannot be stored fails alone. An event already stored (same key) is counted as a
     * duplicate and adds nothing. Waits at most {@code inbox.commit-timeout}, so a database that stops answering
     * turns into 503s (neoagent retries) instead of request threads that hang. A request that cannot be stored makes
     * readiness {@code DOWN} at once ({@link InboxWritability}).
     *
     * @throws InboxUnavailableException when the transaction does not commit, or not in time
     */
    public StoreResult store(List<RoutedEvent> events) {
        if (events.isEmpty()) {
            // a pull of the lead list that brought nothing new: nothing to commit
            return new StoreResult(List.of(), 0, 0);
        }
        try {
            StoreResult result = writer.submit(events, commitTimeout);
            metrics.eventsStored(result.storedEventIds().size(), result.duplicates());
            return result;
        } catch (DataAccessException | TransactionException | IllegalStateException e) {
            writability.commitFailed(e);
            throw new InboxUnavailableException(e);
        }
    }

    /**
     * The events of a verified request body, as {@link NeoagentEventParser#parse} reads them. A body the parser
     * refuses (a field of the wrong type, too many events, too deep) was still signed by neoagent: it is kept, as
     * received and with the reason, as one invalid event with no delivery, so nothing neoagent sent is lost although
     * the reply is 400 (and neoagent gives up after two retries). The same body again is kept once.
     *
     * @throws InvalidWebhookRequestException the parser's refusal, once the body is kept
     * @throws InboxUnavailableException      when it cannot be kept (503: neoagent retries)
     */
    public List<NeoagentEvent> parseOrKeepInvalid(byte[] body) throws InvalidWebhookRequestException {
        try {
            return parser.parse(body);
        } catch (InvalidWebhookRequestException refusal) {
            keepInvalid(body, refusal.getMessage());
            throw refusal;
        }
    }

    private void keepInvalid(byte[] body, String reason) {
        long now = clock.millis();
        String key = "invalid:" + NeoagentEventParser.sha256(body);
        boolean kept;
        try {
            kept = gate.write(
                    () -> repository.insertInvalidEvent(key, now, new String(body, StandardCharsets.UTF_8), reason));
        } catch (DataAccessException | TransactionException e) {
            writability.commitFailed(e);
            throw new InboxUnavailableException(e);
        }
        writability.committed();
        if (kept) {
            metrics.eventKeptInvalid();
        }
    }

    /** The requests of one group commit, in one transaction. */
    private List<StoreResult> insertAll(List<List<RoutedEvent>> requests) {
        List<StoreResult> results = gate.write(() -> transaction.execute(
                status -> requests.stream().map(this::insert).toList()));
        writability.committed();
        metrics.inboxCommit(requests.size());
        // one wake-up per commit, however many requests it held: delivery starts now, not at the next poll
        if (results.stream().anyMatch(result -> !result.storedEventIds().isEmpty())) {
            commitListeners.orderedStream().forEach(CommitListener::eventsCommitted);
        }
        return results;
    }

    /** Commits what requests are waiting, then stops the writer: called at shutdown, after the web server stopped. */
    @PreDestroy
    public void close() {
        writer.close();
    }

    /**
     * An event the inbox holds under another key (its key, the same content, is checked by the insert): a lead-list
     * record that came by webhook (or by an earlier pull), or a webhook event the catch-up recovered first. Checked
     * in the storing transaction, so events of one commit see each other.
     */
    private boolean heldAlready(NeoagentEvent event) {
        return event.source() == EventSource.CATCH_UP
                ? repository.holdsSameEvent(event, null)
                : repository.holdsSameEvent(event, EventSource.CATCH_UP);
    }

    private StoreResult insert(List<RoutedEvent> events) {
        long now = clock.millis();
        List<Long> stored = new ArrayList<>();
        int duplicates = 0;
        int unrouted = 0;
        for (RoutedEvent routed : events) {
            NeoagentEvent event = routed.event();
            Optional<Long> id = heldAlready(event) ? Optional.empty() : repository.insertEvent(event, now);
            if (id.isEmpty()) {
                duplicates++;
                continue;
            }
            long eventId = id.get();
            stored.add(eventId);
            if (routed.channels().isEmpty()) {
                unrouted++;
            }
            for (String channel : routed.channels()) {
                repository.insertDelivery(
                        eventId,
                        channel,
                        channels.isConfigured(channel) ? DeliveryState.PENDING : DeliveryState.HELD,
                        now);
            }
        }
        return new StoreResult(List.copyOf(stored), duplicates, unrouted);
    }
}
