package io.neoagent.bridge.catchup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.neoagent.bridge.catchup.LeadListFailure.Reason;
import io.neoagent.bridge.inbox.InboxUnavailableException;
import io.neoagent.bridge.inbox.StoreResult;
import io.neoagent.bridge.metrics.BridgeMetrics;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The catch-up's machinery, called as bean {@code catchUp} from {@code routes/neoagent-catch-up.camel.yaml}: which
 * pulls of neoagent's lead list are due, what a reply holds, and what each pull's outcome means for the next.
 *
 * <p>Each chatbot is pulled at start-up and then every {@code interval}, for yesterday and today (UTC). A failed pull
 * is tried again after {@code retry-delay}, doubled after each further failure up to the interval; a refused key
 * ({@code 401}, {@code 403}) waits {@code refused-delay} and is said once until a pull succeeds again. An operator's
 * catch-up from a date ({@link #catchUpFrom}) queues one pull per day, taken one per chatbot and tick before the
 * periodic one. The state is this instance's own: several instances each pull, and the inbox keeps each event once.
 */
@Component("catchUp")
public class NeoagentCatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(NeoagentCatchUp.class);

    private final CatchUpProperties properties;
    private final Clock clock;
    private final BridgeMetrics metrics;
    private final ObjectMapper json;
    /** Every chatbot to catch up, in configuration order; guarded by {@code this}. */
    private final Map<String, ChatbotState> chatbots = new LinkedHashMap<>();

    public NeoagentCatchUp(CatchUpProperties properties, Clock clock, BridgeMetrics metrics) {
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(32)
                                .build())
                        .build())
                .build();
        Instant now = clock.instant();
        for (String chatbot : properties.allChatbots()) {
            if (properties.apiKey(chatbot).isEmpty()) {
                continue;
            }
            ChatbotState state = new ChatbotState(now);
            chatbots.put(chatbot, state);
            metrics.catchUpLastSuccess(chatbot, () -> state.lastSuccessSeconds());
        }
        if (!chatbots.isEmpty()) {
            // present, at 0, from the start
            metrics.catchUpRecordsPulled(0);
            metrics.catchUpEventsRecovered(0);
        }
    }

    /** Says once at start-up whether the catch-up runs, and for which chatbots. */
    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (chatbots.isEmpty()) {
            LOG.info(
                    "Catch-up from neoagent's lead list is off: {}. Leads sent while the bridge cannot take them are"
                            + " lost once neoagent stops retrying (docs/catch-up.md)",
                    properties.apiKey().isBlank() ? "NEOAGENT_API_KEY is not set" : "NEOAGENT_CHATBOTS is empty");
            return;
        }
        LOG.info(
                "Catching up {} chatbot(s) from neoagent's lead list at {} every {}",
                chatbots.size(),
                properties.apiUrl(),
                properties.interval());
        for (String chatbot : properties.allChatbots()) {
            if (!chatbots.containsKey(chatbot)) {
                LOG.warn("Chatbot {} is not caught up: it has no API key (NEOAGENT_API_KEY)", chatbot);
            }
        }
    }

    public boolean enabled() {
        return !chatbots.isEmpty();
    }

    /**
     * The pulls due now, at most one per chatbot: the oldest day of an operator's catch-up, else the periodic pull
     * of yesterday and today once its interval has passed; none for a chatbot waiting after a failure.
     */
    public synchronized List<LeadListPull> duePulls() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<LeadListPull> due = new ArrayList<>();
        chatbots.forEach((chatbot, state) -> {
            if (state.waitUntil != null && now.isBefore(state.waitUntil)) {
                return;
            }
            String key = properties.apiKey(chatbot);
            if (!state.manualDays.isEmpty()) {
                LocalDate day = state.manualDays.first();
                due.add(new LeadListPull(chatbot, day, day.plusDays(1), true, key));
            } else if (!now.isBefore(state.nextPullAt)) {
                due.add(new LeadListPull(chatbot, today.minusDays(1), today, false, key));
            }
        });
        return due;
    }

    /**
     * The events in neoagent's reply to {@code pull}: its {@code Data} records mapped to the webhook's shape, at most
     * {@code max-records}, without those too young to be sure neoagent stopped retrying them. Records that cannot be
     * mapped are counted and logged by field name, never by value.
     *
     * @param status     the reply's HTTP status
     * @param retryAfter the reply's {@code Retry-After} header, if any
     * @param body       the reply's body, a stream read here (at most {@code max-response-bytes}) and closed
     * @throws LeadListFailure when the reply is not a success or not a lead list
     */
    public List<NeoagentEvent> records(LeadListPull pull, Integer status, String retryAfter, Object body)
            throws LeadListFailure {
        try (InputStream in = stream(body)) {
            int code = status == null ? 0 : status;
            if (code == 401 || code == 403) {
                throw new LeadListFailure(Reason.REFUSED, "the neoagent API key is refused (HTTP " + code + ")");
            }
            if (code == 429) {
                throw new LeadListFailure(
                        Reason.THROTTLED, "neoagent asks to slow down (HTTP 429)", seconds(retryAfter));
            }
            if (code >= 500) {
                throw new LeadListFailure(Reason.SERVER, "neoagent's API answered HTTP " + code);
            }
            if (code < 200 || code > 299) {
                throw new LeadListFailure(
                        Reason.STATUS, "neoagent's API answered HTTP " + code + " (is NEOAGENT_API_URL right?)");
            }
            return events(pull, read(in));
        } catch (IOException cutOff) {
            throw new LeadListFailure(
                    Reason.UNREACHABLE,
                    "the reply was cut off (" + cutOff.getClass().getSimpleName() + ")");
        }
    }

    private List<NeoagentEvent> events(LeadListPull pull, byte[] reply) throws LeadListFailure {
        JsonNode root;
        try {
            root = json.readTree(reply);
        } catch (IOException notJson) {
            String start = new String(reply, 0, Math.min(reply.length, 64), StandardCharsets.UTF_8).strip();
            throw new LeadListFailure(
                    Reason.INVALID, "the reply is not JSON" + (start.startsWith("<") ? " (an HTML page)" : ""));
        }
        JsonNode data = root == null || !root.isObject() ? null : root.get("Data");
        if (data == null || !data.isArray()) {
            throw new LeadListFailure(Reason.INVALID, "the reply has no Data list");
        }
        Instant youngest = clock.instant().minus(properties.settle());
        List<NeoagentEvent> events = new ArrayList<>();
        int unmappable = 0;
        int waiting = 0;
        int taken = Math.min(data.size(), properties.maxRecords());
        for (int i = 0; i < taken; i++) {
            try {
                NeoagentEvent event = LeadListRecord.toEvent(data.get(i), pull.chatbot(), properties.fields());
                Long createdAt = event.createdAtSecond();
                if (createdAt != null && createdAt > youngest.getEpochSecond()) {
                    // neoagent may still be retrying it by webhook: the next pull takes it
                    waiting++;
                } else {
                    events.add(event);
                }
            } catch (LeadListRecord.Unmappable refused) {
                unmappable++;
                metrics.catchUpRecordUnmappable();
                LOG.warn(
                        "Catch-up of {}: record {} of {} cannot be mapped to an event: {}",
                        pull,
                        i + 1,
                        data.size(),
                        refused.getMessage());
            }
        }
        metrics.catchUpRecordsPulled(data.size());
        if (data.size() > taken) {
            LOG.warn(
                    "Catch-up of {}: the reply holds {} records, only the first {} are taken"
                            + " (neoagent.catch-up.max-records)",
                    pull,
                    data.size(),
                    taken);
        }
        synchronized (this) {
            ChatbotState state = chatbots.get(pull.chatbot());
            if (state != null) {
                state.lastPull = new PullCounts(data.size(), unmappable, waiting);
            }
        }
        return events;
    }

    /** Records a pull whose events the inbox stored (those it held already counted as duplicates). */
    public synchronized void pulled(LeadListPull pull, StoreResult stored) {
        ChatbotState state = chatbots.get(pull.chatbot());
        if (state == null) {
            return;
        }
        Instant now = clock.instant();
        int recovered = stored.storedEventIds().size();
        metrics.catchUpEventsRecovered(recovered);
        if (state.failures > 0) {
            LOG.info("Catch-up of chatbot {} works again after {} failed pull(s)", pull.chatbot(), state.failures);
        }
        state.failures = 0;
        state.waitUntil = null;
        state.refusedSaid = false;
        state.lastSuccess = now;
        state.lastRecovered = recovered;
        if (pull.manual()) {
            state.manualDays.remove(pull.startTime());
        } else {
            state.nextPullAt = now.plus(properties.interval(pull.chatbot()));
        }
        PullCounts counts = state.lastPull == null ? new PullCounts(0, 0, 0) : state.lastPull;
        if (recovered > 0 || counts.unmappable() > 0) {
            LOG.info(
                    "Catch-up of {}: {} record(s), {} recovered, {} held already, {} unmappable, {} left for a later pull",
                    pull,
                    counts.records(),
                    recovered,
                    stored.duplicates(),
                    counts.unmappable(),
                    counts.waiting());
        } else {
            LOG.debug("Catch-up of {}: {} record(s), nothing new", pull, counts.records());
        }
    }

    /** Records a failed pull: the chatbot waits before the next (growing with each failure), and it is said once. */
    public synchronized void failed(LeadListPull pull, Exception exception) {
        ChatbotState state = chatbots.get(pull.chatbot());
        if (state == null) {
            return;
        }
        LeadListFailure failure = classify(exception);
        Instant now = clock.instant();
        state.failures++;
        Duration wait;
        if (failure.reason == Reason.REFUSED) {
            wait = properties.refusedDelay();
        } else {
            Duration interval = properties.interval(pull.chatbot());
            Duration growing = properties.retryDelay().multipliedBy(1L << Math.min(state.failures - 1, 20));
            wait = growing.compareTo(interval) > 0 ? interval : growing;
            Duration asked = Duration.ofSeconds(failure.retryAfterSeconds);
            if (asked.compareTo(wait) > 0) {
                // as neoagent asks, but never longer than the pull's own interval
                wait = asked.compareTo(interval) > 0 ? interval : asked;
            }
        }
        state.waitUntil = now.plus(wait);
        state.lastFailureAt = now;
        state.lastFailure = failure.getMessage();
        metrics.catchUpPullFailed(failure.reason.tag);
        if (failure.reason == Reason.REFUSED) {
            if (!state.refusedSaid) {
                state.refusedSaid = true;
                LOG.error(
                        "Catch-up of chatbot {}: {}. Set NEOAGENT_API_KEY to the secret key of the chatbot's neoagent"
                                + " account (Profile Settings, Webhooks API, Token Management); trying again every {}",
                        pull.chatbot(),
                        failure.getMessage(),
                        wait);
            }
        } else if (state.failures == 1) {
            LOG.warn("Catch-up of {} failed: {}; trying again in {}", pull, failure.getMessage(), wait);
        } else {
            LOG.debug(
                    "Catch-up of {} failed again ({} in a row): {}; next in {}",
                    pull,
                    state.failures,
                    failure.getMessage(),
                    wait);
        }
    }

    /**
     * Queues a catch-up of {@code chatbot} from {@code from} to today (UTC), one pull per day, ahead of the periodic
     * pull and without waiting out a failure's delay.
     *
     * @return how many pulls were queued
     * @throws IllegalStateException    when the catch-up is off
     * @throws IllegalArgumentException when the chatbot is not caught up, or the date is in the future or too far back
     */
    public synchronized int catchUpFrom(String chatbot, LocalDate from) {
        if (chatbots.isEmpty()) {
            throw new IllegalStateException("catch-up is off: set NEOAGENT_API_KEY and NEOAGENT_CHATBOTS");
        }
        ChatbotState state = chatbots.get(chatbot);
        if (state == null) {
            throw new IllegalArgumentException("chatbot " + chatbot + " is not caught up (NEOAGENT_CHATBOTS)");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (from.isAfter(today)) {
            throw new IllegalArgumentException("from " + from + " is in the future");
        }
        if (from.isBefore(today.minusDays(properties.maxDays()))) {
            throw new IllegalArgumentException("from " + from + " is more than " + properties.maxDays()
                    + " days back (neoagent.catch-up.max-days)");
        }
        int queued = 0;
        for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
            if (state.manualDays.add(day)) {
                queued++;
            }
        }
        state.waitUntil = null;
        LOG.info("Catch-up of chatbot {} from {} asked for: {} daily pull(s) queued", chatbot, from, queued);
        return queued;
    }

    /** Forgets every chatbot's state, as at start-up, with the next periodic pull at {@code nextPull} (tests). */
    synchronized void restart(Instant nextPull) {
        chatbots.replaceAll((chatbot, state) -> {
            state.reset(nextPull);
            return state;
        });
    }

    /** Each chatbot's catch-up, for health, the admin API and the status page. */
    public synchronized List<ChatbotStatus> status() {
        List<ChatbotStatus> all = new ArrayList<>();
        chatbots.forEach((chatbot, state) -> all.add(new ChatbotStatus(
                chatbot,
                state.lastSuccess,
                state.lastPull == null ? null : state.lastPull.records(),
                state.lastSuccess == null ? null : state.lastRecovered,
                state.lastFailureAt,
                state.lastFailure,
                state.failures,
                state.waitUntil != null && state.waitUntil.isAfter(state.nextPullAt)
                        ? state.waitUntil
                        : state.nextPullAt,
                state.manualDays.isEmpty() ? null : state.manualDays.first(),
                state.manualDays.size())));
        return all;
    }

    /**
     * One chatbot's catch-up, as health and the admin API show it.
     *
     * @param lastSuccessfulPull when its list was last pulled and stored; null: not yet
     * @param catchUpFrom        the oldest day of an operator's catch-up still to pull; null: none
     */
    public record ChatbotStatus(
            String chatbot,
            Instant lastSuccessfulPull,
            Integer lastPullRecords,
            Integer lastPullRecovered,
            Instant lastFailureAt,
            String lastFailure,
            int failuresInARow,
            Instant nextPull,
            LocalDate catchUpFrom,
            int catchUpDaysQueued) {}

    private LeadListFailure classify(Exception exception) {
        Throwable cause = exception;
        while (cause != null) {
            if (cause instanceof LeadListFailure failure) {
                return failure;
            }
            if (cause instanceof InboxUnavailableException) {
                return new LeadListFailure(Reason.INBOX, "the inbox cannot store the recovered events");
            }
            if (cause instanceof IOException io) {
                return new LeadListFailure(
                        Reason.UNREACHABLE,
                        "neoagent's API cannot be reached (" + io.getClass().getSimpleName() + ")");
            }
            cause = cause.getCause();
        }
        return new LeadListFailure(
                Reason.ERROR, "the pull failed (" + exception.getClass().getSimpleName() + ")");
    }

    /** The reply, at most {@code max-response-bytes}, read within {@code read-timeout}. */
    private byte[] read(InputStream in) throws IOException, LeadListFailure {
        long limit = properties.maxResponseBytes().toBytes();
        long deadline = System.nanoTime() + properties.readTimeout().toNanos();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            if (reply.size() + (long) n > limit) {
                throw new LeadListFailure(
                        Reason.INVALID,
                        "the reply is larger than " + properties.maxResponseBytes()
                                + " (neoagent.catch-up.max-response-bytes)");
            }
            reply.write(buffer, 0, n);
            if (System.nanoTime() > deadline) {
                throw new LeadListFailure(
                        Reason.UNREACHABLE, "the reply took longer than " + properties.readTimeout() + " to read");
            }
        }
        return reply.toByteArray();
    }

    private static InputStream stream(Object body) {
        if (body instanceof InputStream in) {
            return in;
        }
        if (body instanceof byte[] bytes) {
            return new ByteArrayInputStream(bytes);
        }
        if (body instanceof String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
        return InputStream.nullInputStream();
    }

    private static long seconds(String retryAfter) {
        if (retryAfter == null || !retryAfter.strip().matches("\\d{1,6}")) {
            return 0;
        }
        return Long.parseLong(retryAfter.strip());
    }

    private record PullCounts(int records, int unmappable, int waiting) {}

    /** One chatbot's catch-up state; guarded by the {@link NeoagentCatchUp} that holds it. */
    private static final class ChatbotState {
        Instant nextPullAt;
        Instant waitUntil;
        int failures;
        boolean refusedSaid;
        volatile Instant lastSuccess;
        int lastRecovered;
        Instant lastFailureAt;
        String lastFailure;
        PullCounts lastPull;
        final TreeSet<LocalDate> manualDays = new TreeSet<>();

        ChatbotState(Instant start) {
            this.nextPullAt = start;
        }

        void reset(Instant nextPull) {
            nextPullAt = nextPull;
            waitUntil = null;
            failures = 0;
            refusedSaid = false;
            lastSuccess = null;
            lastRecovered = 0;
            lastFailureAt = null;
            lastFailure = null;
            lastPull = null;
            manualDays.clear();
        }

        double lastSuccessSeconds() {
            Instant at = lastSuccess;
            return at == null ? Double.NaN : at.getEpochSecond();
        }
    }
}
