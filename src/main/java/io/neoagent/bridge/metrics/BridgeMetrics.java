package io.neoagent.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The bridge's own metrics, served by Prometheus at {@code /actuator/prometheus} on the management port:
 * webhook replies by status, signature failures by reason, events stored, inbox commits and the requests
 * waiting for one, delivery outcomes and latency per channel. The backlog's gauges are the inbox's own
 * ({@code io.neoagent.bridge.inbox.InboxMetrics}): they read it, and this package depends on no other.
 */
@Component
public class BridgeMetrics {

    private final MeterRegistry registry;
    private final Map<Integer, WebhookReplyMeters> webhookReplies = new ConcurrentHashMap<>();
    private final Counter eventsStored;
    private final Counter eventsDuplicated;
    private final Counter eventsInvalid;
    private final Counter commits;
    private final Counter commitRequests;

    public BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // the meters updated on every webhook request or commit are registered once
        eventsStored = Counter.builder("neoagent.inbox.events.stored")
                .description("Events stored in the inbox")
                .register(registry);
        eventsDuplicated = Counter.builder("neoagent.inbox.events.duplicates")
                .description("Events received again and not stored twice")
                .register(registry);
        eventsInvalid = Counter.builder("neoagent.inbox.events.invalid")
                .description("Signed requests refused by the parser and kept as invalid events")
                .register(registry);
        commits = Counter.builder("neoagent.inbox.commits")
                .description("Inbox transactions that stored webhook requests (group commits)")
                .register(registry);
        commitRequests = Counter.builder("neoagent.inbox.commit.requests")
                .description("Webhook requests stored by those transactions")
                .register(registry);
    }

    /**
     * Webhook requests waiting for their inbox commit, queued or in the commit under way: a handful while the disk
     * keeps up, growing when commits slow down (each of those requests is still waiting for its reply).
     */
    public void commitsWaiting(Supplier<Number> waiting) {
        Gauge.builder("neoagent.inbox.commit.waiting", waiting)
                .description("Webhook requests waiting for their inbox commit")
                .register(registry);
    }

    /** A webhook reply and the time it took, from the request reaching the bridge to the reply written. */
    public void webhookReply(int status, long nanos) {
        webhookReplies.computeIfAbsent(status, this::webhookReplyMeters).record(nanos);
    }

    private WebhookReplyMeters webhookReplyMeters(int status) {
        String tag = Integer.toString(status);
        return new WebhookReplyMeters(
                Counter.builder("neoagent.webhook.requests")
                        .description("Webhook requests by reply status")
                        .tag("status", tag)
                        .register(registry),
                Timer.builder("neoagent.webhook.duration")
                        .description("Time to answer a webhook request, by reply status")
                        .tag("status", tag)
                        .register(registry));
    }

    private record WebhookReplyMeters(Counter requests, Timer duration) {
        void record(long nanos) {
            requests.increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public void signatureFailure(String reason) {
        Counter.builder("neoagent.webhook.signature.failures")
                .description("Rejected signatures by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void eventsStored(int stored, int duplicates) {
        eventsStored.increment(stored);
        eventsDuplicated.increment(duplicates);
    }

    /** A signed request the parser refused, kept as an invalid event. */
    public void eventKeptInvalid() {
        eventsInvalid.increment();
    }

    /** One group commit of the inbox and the webhook requests it stored. */
    public void inboxCommit(int requests) {
        commits.increment();
        commitRequests.increment(requests);
    }

    /** One delivery attempt's outcome ({@code delivered}, {@code retrying}, {@code dead}). */
    public void deliveryOutcome(String channel, String outcome) {
        Counter.builder("neoagent.deliveries")
                .description("Delivery attempts by channel and outcome")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Time from the event's acceptance to its delivery. */
    public void deliveryLatency(String channel, Duration sinceAccepted) {
        Timer.builder("neoagent.delivery.latency")
                .description("From intake commit to delivered")
                .tag("channel", channel)
                .publishPercentileHistogram()
                .register(registry)
                .record(sinceAccepted);
    }

    // ---- catch-up from neoagent's lead list

    /** Records a pull of neoagent's lead list brought, mappable or not. */
    public void catchUpRecordsPulled(int records) {
        counter("neoagent.catch-up.records.pulled", "Records read from neoagent's lead list")
                .increment(records);
    }

    /** Records pulled that became events the inbox did not hold yet. */
    public void catchUpEventsRecovered(int events) {
        counter("neoagent.catch-up.events.recovered", "Events the catch-up stored that the webhook had not brought")
                .increment(events);
    }

    /** Records pulled that could not be turned into events (logged, masked). */
    public void catchUpRecordUnmappable() {
        counter("neoagent.catch-up.records.unmappable", "Lead-list records that could not be mapped to an event")
                .increment();
    }

    /** A pull that brought nothing usable, by why: refused, throttled, server-error, unreachable, ... */
    public void catchUpPullFailed(String reason) {
        Counter.builder("neoagent.catch-up.pulls.failed")
                .description("Pulls of neoagent's lead list that failed, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** When a chatbot's lead list was last pulled successfully, in epoch seconds (NaN before the first). */
    public void catchUpLastSuccess(String chatbot, Supplier<Number> epochSeconds) {
        Gauge.builder("neoagent.catch-up.last.success", epochSeconds)
                .description("When each chatbot's lead list was last pulled successfully (epoch seconds)")
                .tag("chatbot", chatbot)
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
