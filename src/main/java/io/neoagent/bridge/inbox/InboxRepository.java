package io.neoagent.bridge.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.neoagent.bridge.logging.PersonalData;
import io.neoagent.bridge.webhook.EventSource;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inbox's SQL, on SQLite and PostgreSQL alike: the intake's inserts, retention, the write probe, the backlog and
 * channel reads of health and metrics, and the admin's reads (lists with personal data masked, one event in full,
 * counts). Each method is one statement or a few that belong together; transactions and the {@link InboxWriteGate}
 * stay with the callers, which know what must commit together.
 */
@Repository
public class InboxRepository {

    /** Filters shared by the admin's lists; null means "any". */
    public record Filter(
            DeliveryState state, String channel, String chatbot, String type, Instant since, Instant until, int limit) {

        /** No filter: the latest {@code limit}. */
        public static Filter latest(int limit) {
            return new Filter(null, null, null, null, null, null, limit);
        }

        /** The latest {@code limit} deliveries in {@code state}. */
        public static Filter inState(DeliveryState state, int limit) {
            return new Filter(state, null, null, null, null, null, limit);
        }

        /** The latest {@code limit} events received since {@code since}. */
        public static Filter receivedSince(Instant since, int limit) {
            return new Filter(null, null, null, null, since, null, limit);
        }
    }

    /**
     * One event in a list: who, masked. {@code invalid} is set, to the reason, for a signed request that was
     * refused (400) and kept: it has no deliveries.
     */
    public record EventSummary(
            long id,
            Instant receivedAt,
            String type,
            String chatbot,
            String session,
            String name,
            String email,
            String phone,
            List<String> deliveries,
            String invalid,
            String source) {}

    /** One delivery, with its event's chatbot. */
    public record Delivery(
            long id,
            long eventId,
            String channel,
            DeliveryState state,
            int attempts,
            Instant nextAttemptAt,
            String lastError,
            String resultId,
            Instant createdAt,
            Instant updatedAt,
            String chatbot) {

        /** Dead and held deliveries can be replayed. */
        public boolean replayable() {
            return state.replayable();
        }
    }

    /** One event in full, with every delivery; an invalid one as its body was received (text when not JSON). */
    public record EventDetail(
            long id,
            Instant receivedAt,
            String key,
            JsonNode event,
            List<Delivery> deliveries,
            String invalid,
            String source) {}

    /** A channel's latest failure: when, and why (as recorded, not masked). */
    public record ChannelFailure(Instant at, String error) {}

    private static final String DELIVERY_WITH_CHATBOT =
            "SELECT d.*, e.serial_number FROM inbox_delivery d JOIN inbox_event e ON e.id = d.event_id";

    /**
     * A delivery claimed under a lease: what the dispatcher needs to attempt it.
     *
     * @param attempts  attempts made before this one
     * @param createdAt when the delivery was stored (epoch ms)
     */
    public record ClaimedRow(long id, long eventId, int attempts, long createdAt, String resultId) {}

    /**
     * A delivery to some channel of an event of one conversation, newest event first.
     *
     * @param resultId what it made (a Salesforce record id), also when a later part of it failed; or null
     */
    public record ConversationDelivery(long eventId, DeliveryState state, String resultId) {}

    /** A lease to extend: the delivery, and the token its claim wrote. */
    public record Lease(long deliveryId, String token) {}

    /**
     * What a claim of a channel would find now, read without claiming.
     *
     * @param count       due deliveries, counted up to the limit asked
     * @param oldestDueAt since when the one due longest has been due (its next attempt time, epoch ms; its creation
     *                    time for a new one); 0 when none is due
     */
    public record Due(int count, long oldestDueAt) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    /** The database's clock in epoch ms, as SQL: leases are set and compared on this one clock. */
    private final String databaseNow;

    private final boolean skipLocked;

    public InboxRepository(JdbcClient jdbc, ObjectMapper json, InboxDatabase database) {
        this.jdbc = jdbc;
        this.json = json;
        this.databaseNow = database.nowMillis();
        // PostgreSQL: instances claiming at once each skip the rows another is claiming (SQLite has one writer)
        this.skipLocked = database.isPostgres();
    }

    // ---- delivery: claims under a lease, outcomes fenced by the claim's token, held and replayed deliveries

    /**
     * Claims up to {@code limit} due deliveries of {@code channel} (pending or retrying, due by {@code now}, not
     * leased, none of {@code underWay}) for {@code owner}: writes {@code token} and a lease of {@code leaseMillis}
     * on the database's clock into each row.
     *
     * @return the claimed rows, oldest first
     */
    public List<ClaimedRow> claim(
            String channel,
            String owner,
            String token,
            long leaseMillis,
            long now,
            Collection<Long> underWay,
            int limit) {
        String sql = "UPDATE inbox_delivery SET lease_owner = :owner, lease_token = :token,"
                + " lease_until = " + databaseNow + " + :lease, updated_at = :now"
                + " WHERE id IN (SELECT id FROM inbox_delivery" + dueWhere(underWay)
                + " ORDER BY next_attempt_at, id LIMIT :limit" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : "") + ")"
                + " RETURNING id, event_id, attempts, created_at, result_id";
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("owner", owner)
                .param("token", token)
                .param("lease", leaseMillis)
                .param("now", now)
                .param("due", undelivered())
                .param("channel", channel)
                .param("limit", limit);
        if (!underWay.isEmpty()) {
            statement = statement.param("underWay", List.copyOf(underWay));
        }
        List<ClaimedRow> claimed = new ArrayList<>(statement
                .query((row, i) -> new ClaimedRow(
                        row.getLong("id"),
                        row.getLong("event_id"),
                        row.getInt("attempts"),
                        row.getLong("created_at"),
                        row.getString("result_id")))
                .list());
        // RETURNING gives no order
        claimed.sort(java.util.Comparator.comparingLong(ClaimedRow::id));
        return claimed;
    }

    /**
     * What {@link #claim} would find now for {@code channel}, up to {@code limit}, without claiming (a read, no
     * lock): the dispatcher claims only when something is due, and for a channel that gathers a batch, only once the
     * batch is full or its window has ended.
     */
    public Due due(String channel, long now, Collection<Long> underWay, int limit) {
        JdbcClient.StatementSpec statement = jdbc.sql(
                        "SELECT COUNT(*) AS n, MIN(next_attempt_at) AS oldest FROM (SELECT next_attempt_at FROM"
                                + " inbox_delivery" + dueWhere(underWay)
                                + " ORDER BY next_attempt_at, id LIMIT :limit) AS due")
                .param("now", now)
                .param("due", undelivered())
                .param("channel", channel)
                .param("limit", limit);
        if (!underWay.isEmpty()) {
            statement = statement.param("underWay", List.copyOf(underWay));
        }
        return statement
                .query((row, i) -> new Due(row.getInt("n"), row.getLong("oldest")))
                .single();
    }

    /** The due deliveries of {@code :channel} at {@code :now}: pending or retrying, due, not leased, not under way. */
    private String dueWhere(Collection<Long> underWay) {
        return " WHERE state IN (:due) AND next_attempt_at <= :now"
                + " AND (lease_until IS NULL OR lease_until < " + databaseNow + ") AND channel = :channel"
                + (underWay.isEmpty() ? "" : " AND id NOT IN (:underWay)");
    }

    /**
     * Makes due at {@code now} the deliveries of {@code channel} that wait on a retry because the channel was down
     * when they were last attempted (recorded with {@code channelDown}): called when a delivery to it has just
     * succeeded. Each is brought forward once: failing the same way again, it keeps its retry schedule. Leaves alone
     * every delivery that is claimed (leased), and on PostgreSQL those another instance is claiming or bringing
     * forward at the same moment.
     *
     * @return how many
     */
    public int bringForward(String channel, long now) {
        return jdbc.sql("UPDATE inbox_delivery SET next_attempt_at = :now, channel_down = 2 WHERE id IN (SELECT id"
                        + " FROM inbox_delivery WHERE channel_down = 1 AND channel = :channel AND state = :retrying"
                        + " AND next_attempt_at > :now AND (lease_until IS NULL OR lease_until < " + databaseNow + ")"
                        + (skipLocked ? " FOR UPDATE SKIP LOCKED" : "") + ")")
                .param("now", now)
                .param("channel", channel)
                .param("retrying", DeliveryState.RETRYING.value())
                .update();
    }

    /** Extends each lease by {@code leaseMillis} on the database's clock, only while its row still carries the token. */
    public void renewLeases(List<Lease> leases, long leaseMillis) {
        for (Lease lease : leases) {
            jdbc.sql("UPDATE inbox_delivery SET lease_until = " + databaseNow + " + :lease"
                            + " WHERE id = :id AND lease_token = :token AND lease_owner IS NOT NULL")
                    .param("lease", leaseMillis)
                    .param("id", lease.deliveryId())
                    .param("token", lease.token())
                    .update();
        }
    }

    /**
     * Records a delivery as delivered, with the id the destination gave it.
     *
     * @return 1, or 0 when the row no longer carries {@code token} (its lease ran out and it was claimed again)
     */
    public int recordDelivered(long deliveryId, String token, int attempts, String resultId, long now) {
        return jdbc.sql("UPDATE inbox_delivery SET state = :state, attempts = :attempts, result_id = :resultId,"
                        + " last_error = NULL, lease_owner = NULL, lease_until = NULL, channel_down = 0,"
                        + " updated_at = :now WHERE id = :id AND lease_token = :token")
                .param("state", DeliveryState.DELIVERED.value())
                .param("attempts", attempts)
                .param("resultId", resultId)
                .param("now", now)
                .param("id", deliveryId)
                .param("token", token)
                .update();
    }

    /**
     * Records a failed attempt: {@code state} is {@link DeliveryState#RETRYING} (due again at {@code nextAttemptAt})
     * or {@link DeliveryState#DEAD}.
     *
     * @return 1, or 0 when the row no longer carries {@code token}
     */
    public int recordFailed(
            long deliveryId,
            String token,
            DeliveryState state,
            int attempts,
            long nextAttemptAt,
            String error,
            long now) {
        return recordFailed(deliveryId, token, state, attempts, nextAttemptAt, error, null, false, now);
    }

    /**
     * {@link #recordFailed(long, String, DeliveryState, int, long, String, long)}, keeping {@code resultId}: what the
     * attempt made at the destination before the rest of it failed (e.g. the Lead, when its campaign membership
     * failed), so the next attempt or a replay does not make it again. Null keeps what the row holds.
     * {@code channelDown}: the failure was the channel's, not the delivery's own, so {@link #bringForward} makes it
     * due again as soon as a delivery to the channel succeeds (unless it did so once already).
     */
    public int recordFailed(
            long deliveryId,
            String token,
            DeliveryState state,
            int attempts,
            long nextAttemptAt,
            String error,
            String resultId,
            boolean channelDown,
            long now) {
        return jdbc.sql("UPDATE inbox_delivery SET state = :state, attempts = :attempts, next_attempt_at = :next,"
                        + " last_error = :error, result_id = COALESCE(:resultId, result_id), lease_owner = NULL,"
                        + " lease_until = NULL, channel_down = CASE WHEN :channelDown = 0 THEN 0"
                        + " WHEN channel_down = 2 THEN 2 ELSE 1 END, updated_at = :now"
                        + " WHERE id = :id AND lease_token = :token")
                .param("resultId", resultId)
                .param("channelDown", channelDown ? 1 : 0)
                .param("state", state.value())
                .param("attempts", attempts)
                .param("next", nextAttemptAt)
                .param("error", error)
                .param("now", now)
                .param("id", deliveryId)
                .param("token", token)
                .update();
    }

    /**
     * Gives a claimed delivery back unattempted: its lease is dropped, so it is due again at once.
     *
     * @return 1, or 0 when the row no longer carries {@code token}
     */
    public int giveBack(long deliveryId, String token) {
        return jdbc.sql(
                        "UPDATE inbox_delivery SET lease_owner = NULL, lease_until = NULL WHERE id = :id AND lease_token = :token")
                .param("id", deliveryId)
                .param("token", token)
                .update();
    }

    /** Makes the held deliveries of {@code channel} (now configured) due at once; returns how many. */
    public int releaseHeld(String channel, long now) {
        return jdbc.sql("UPDATE inbox_delivery SET state = :pending, next_attempt_at = :now, updated_at = :now"
                        + " WHERE channel = :channel AND state = :held")
                .param("pending", DeliveryState.PENDING.value())
                .param("held", DeliveryState.HELD.value())
                .param("now", now)
                .param("channel", channel)
                .update();
    }

    /** Holds the undelivered deliveries of {@code channel} (not configured), dropping their leases; returns how many. */
    public int holdUndelivered(String channel, long now) {
        return jdbc.sql("UPDATE inbox_delivery SET state = :held, lease_owner = NULL, lease_until = NULL,"
                        + " updated_at = :now WHERE channel = :channel AND state IN (:undelivered)")
                .param("held", DeliveryState.HELD.value())
                .param("undelivered", undelivered())
                .param("now", now)
                .param("channel", channel)
                .update();
    }

    /**
     * Replays the dead and held deliveries of {@code channel}, all of them or only delivery {@code deliveryId}: they
     * become {@code state} (pending, or held again while the channel is not configured), due at once, with no
     * attempts counted.
     *
     * @return how many
     */
    public int replay(String channel, Long deliveryId, DeliveryState state, long now) {
        return jdbc.sql("UPDATE inbox_delivery SET state = :state, attempts = 0, next_attempt_at = :now,"
                        + " channel_down = 0, updated_at = :now"
                        + " WHERE state IN (:replayable) AND channel = :channel"
                        + (deliveryId == null ? "" : " AND id = :id"))
                .param("state", state.value())
                .param("replayable", List.of(DeliveryState.DEAD.value(), DeliveryState.HELD.value()))
                .param("now", now)
                .param("channel", channel)
                .params(deliveryId == null ? Map.of() : Map.of("id", deliveryId))
                .update();
    }

    /** The stored payloads of events, by id: what the dispatcher delivers. */
    public Map<Long, String> payloads(Collection<Long> eventIds) {
        Map<Long, String> payloads = new java.util.HashMap<>();
        jdbc.sql("SELECT id, payload FROM inbox_event WHERE id IN (:ids)")
                .param("ids", List.copyOf(eventIds))
                .query(row -> {
                    payloads.put(row.getLong("id"), row.getString("payload"));
                });
        return payloads;
    }

    /** This inbox's own random id (32 hex digits), made once by its migration. */
    public String inboxId() {
        return jdbc.sql("SELECT inbox_id FROM inbox_identity WHERE id = 1")
                .query(String.class)
                .single();
    }

    // ---- the intake

    /**
     * Inserts an accepted event received at {@code receivedAt} (epoch ms).
     *
     * @return its id, or empty when an event with the same key is stored already
     */
    public Optional<Long> insertEvent(NeoagentEvent event, long receivedAt) {
        return jdbc.sql("""
                        INSERT INTO inbox_event
                            (event_key, received_at, event_type, serial_number, session_id, payload, source, create_time)
                        VALUES (:key, :receivedAt, :type, :serialNumber, :sessionId, :payload, :source, :createTime)
                        ON CONFLICT (event_key) DO NOTHING
                        RETURNING id""")
                .param("key", event.key())
                .param("receivedAt", receivedAt)
                .param("type", event.type())
                .param("serialNumber", event.serialNumber())
                .param("sessionId", event.sessionId())
                .param("payload", event.payload())
                .param("source", event.source().value())
                .param("createTime", event.createdAtSecond(), java.sql.Types.BIGINT)
                .query(Long.class)
                .optional();
    }

    /**
     * Whether the inbox holds {@code event} already under another key: an event of the same chatbot, session and
     * {@code Type}, with the same creation time to the second where both carry one (an event without a session
     * matches on the creation time alone). With {@code from} set, only events of that source count. An event with
     * neither a session nor a readable creation time is never matched this way, only by its key.
     */
    public boolean holdsSameEvent(NeoagentEvent event, EventSource from) {
        String chatbot = event.serialNumber();
        String type = event.type();
        String session = event.sessionId();
        Long createTime = event.createdAtSecond();
        if (chatbot == null || type == null || (session == null && createTime == null)) {
            return false;
        }
        Conditions where = new Conditions();
        where.add("serial_number = :chatbot", "chatbot", chatbot);
        where.add("event_type = :type", "type", type);
        if (session == null) {
            where.add("session_id IS NULL");
            where.add("create_time = :createTime", "createTime", createTime);
        } else {
            where.add("session_id = :session", "session", session);
            where.add("(create_time IS NULL OR create_time = :createTime)", "createTime", createTime);
        }
        where.add("source = :source", "source", from == null ? null : from.value());
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM inbox_event" + where.where() + " LIMIT 1) AS held")
                        .params(where.params())
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Inserts the delivery of an event to a channel, due at once. */
    public void insertDelivery(long eventId, String channel, DeliveryState state, long now) {
        jdbc.sql("""
                        INSERT INTO inbox_delivery (event_id, channel, state, attempts, next_attempt_at, created_at, updated_at)
                        VALUES (:eventId, :channel, :state, 0, :now, :now, :now)""")
                .param("eventId", eventId)
                .param("channel", channel)
                .param("state", state.value())
                .param("now", now)
                .update();
    }

    /**
     * Keeps a signed body the parser refused, with the reason, as an event without deliveries.
     *
     * @return false when the same body (same key) is kept already
     */
    public boolean insertInvalidEvent(String key, long receivedAt, String body, String reason) {
        return jdbc.sql("""
                        INSERT INTO inbox_event (event_key, received_at, payload, invalid_reason)
                        VALUES (:key, :receivedAt, :body, :reason)
                        ON CONFLICT (event_key) DO NOTHING""")
                        .param("key", key)
                        .param("receivedAt", receivedAt)
                        .param("body", body)
                        .param("reason", reason)
                        .update()
                > 0;
    }

    // ---- retention

    /**
     * Up to {@code limit} valid events received before {@code before} whose deliveries are all delivered (or that have
     * none), oldest first.
     */
    public List<Long> eventsDoneBefore(long before, int limit) {
        return jdbc.sql("""
                        SELECT e.id FROM inbox_event e
                        WHERE e.received_at < :before AND e.invalid_reason IS NULL
                        AND NOT EXISTS (SELECT 1 FROM inbox_delivery d WHERE d.event_id = e.id AND d.state <> :delivered)
                        ORDER BY e.id LIMIT :limit""")
                .param("before", before)
                .param("delivered", DeliveryState.DELIVERED.value())
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Removes events with their deliveries. */
    public void removeEvents(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM inbox_delivery WHERE event_id IN (:ids)")
                .param("ids", ids)
                .update();
        jdbc.sql("DELETE FROM inbox_event WHERE id IN (:ids)").param("ids", ids).update();
    }

    // ---- readiness

    /**
     * Takes the write lock of the intake's two tables, then inserts a row carrying {@code filler} into
     * {@code inbox_write_probe} and deletes it again: to be run in a transaction that commits for real.
     */
    public void probeWrite(byte[] filler, long now) {
        jdbc.sql("UPDATE inbox_event SET id = id WHERE id < 0").update();
        jdbc.sql("UPDATE inbox_delivery SET id = id WHERE id < 0").update();
        Long id = jdbc.sql("INSERT INTO inbox_write_probe (probed_at, filler) VALUES (:now, :filler) RETURNING id")
                .param("now", now)
                .param("filler", filler)
                .query(Long.class)
                .single();
        jdbc.sql("DELETE FROM inbox_write_probe WHERE id = :id").param("id", id).update();
    }

    // ---- backlog and channels, for health and metrics

    /** Deliveries in {@code state}. */
    public int countDeliveries(DeliveryState state) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_delivery WHERE state = :state")
                .param("state", state.value())
                .query(Integer.class)
                .single();
    }

    /** Deliveries not yet delivered and still being tried (pending or retrying). */
    public int countUndelivered() {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_delivery WHERE state IN (:states)")
                .param("states", undelivered())
                .query(Integer.class)
                .single();
    }

    /** When the oldest delivery still being tried (pending or retrying) was created; empty when there is none. */
    public Optional<Instant> oldestUndelivered() {
        return jdbc.sql("SELECT MIN(created_at) FROM inbox_delivery WHERE state IN (:states)")
                .param("states", undelivered())
                .query(Long.class)
                .optional()
                .map(Instant::ofEpochMilli);
    }

    /** When a delivery to {@code channel} last succeeded; empty when none ever did (or none is kept). */
    public Optional<Instant> lastDelivered(String channel) {
        return jdbc.sql("SELECT MAX(updated_at) FROM inbox_delivery WHERE channel = :channel AND state = :state")
                .param("channel", channel)
                .param("state", DeliveryState.DELIVERED.value())
                .query(Long.class)
                .optional()
                .map(Instant::ofEpochMilli);
    }

    /** The latest delivery to {@code channel} that failed (retrying or dead), when and why. */
    public Optional<ChannelFailure> lastFailure(String channel) {
        // each state on its own, so both reads are one step down the (channel, state, updated_at) index
        return Stream.of(DeliveryState.RETRYING, DeliveryState.DEAD)
                .flatMap(state -> jdbc
                        .sql("""
                                SELECT updated_at, last_error FROM inbox_delivery
                                WHERE channel = :channel AND state = :state ORDER BY updated_at DESC LIMIT 1""")
                        .param("channel", channel)
                        .param("state", state.value())
                        .query((row, i) -> new ChannelFailure(
                                Instant.ofEpochMilli(row.getLong("updated_at")), row.getString("last_error")))
                        .optional()
                        .stream())
                .max((a, b) -> a.at().compareTo(b.at()));
    }

    /**
     * The deliveries to {@code channel} of the events of one conversation (the chatbot {@code chatbot}'s session
     * {@code session}), newest event first: e.g. the salesforce-lead delivery that made the Lead an appointment's Task
     * goes on.
     */
    public List<ConversationDelivery> conversationDeliveries(String chatbot, String session, String channel) {
        return jdbc.sql("""
                        SELECT e.id, d.state, d.result_id FROM inbox_event e
                        JOIN inbox_delivery d ON d.event_id = e.id AND d.channel = :channel
                        WHERE e.serial_number = :chatbot AND e.session_id = :session
                        ORDER BY e.id DESC LIMIT 50""")
                .param("chatbot", chatbot)
                .param("session", session)
                .param("channel", channel)
                .query((row, i) -> new ConversationDelivery(
                        row.getLong("id"), DeliveryState.of(row.getString("state")), row.getString("result_id")))
                .list();
    }

    /**
     * What waits on one channel, for an alert: deliveries still being tried and dead ones, the oldest still being
     * tried (when it was stored), and when one last went dead.
     */
    public record ChannelBacklog(int waiting, int dead, Optional<Instant> oldestWaiting, Optional<Instant> lastDead) {}

    public ChannelBacklog channelBacklog(String channel) {
        int waiting = jdbc.sql("SELECT COUNT(*) FROM inbox_delivery WHERE channel = :channel AND state IN (:due)")
                .param("channel", channel)
                .param("due", undelivered())
                .query(Integer.class)
                .single();
        int dead = jdbc.sql("SELECT COUNT(*) FROM inbox_delivery WHERE channel = :channel AND state = :dead")
                .param("channel", channel)
                .param("dead", DeliveryState.DEAD.value())
                .query(Integer.class)
                .single();
        Optional<Instant> oldest = jdbc.sql(
                        "SELECT MIN(created_at) FROM inbox_delivery WHERE channel = :channel AND state = :retrying")
                .param("channel", channel)
                .param("retrying", DeliveryState.RETRYING.value())
                .query(Long.class)
                .optional()
                .map(Instant::ofEpochMilli);
        Optional<Instant> lastDead = jdbc.sql(
                        "SELECT MAX(updated_at) FROM inbox_delivery WHERE channel = :channel AND state = :dead")
                .param("channel", channel)
                .param("dead", DeliveryState.DEAD.value())
                .query(Long.class)
                .optional()
                .map(Instant::ofEpochMilli);
        return new ChannelBacklog(waiting, dead, oldest, lastDead);
    }

    // ---- the admin's reads

    /** The latest events matching {@code filter}, masked; with {@code invalidOnly} the signed requests refused and kept. */
    public List<EventSummary> events(Filter filter, boolean invalidOnly) {
        Conditions where = new Conditions();
        if (invalidOnly) {
            where.add("e.invalid_reason IS NOT NULL");
        }
        eventConditions(filter, where);
        if (filter.state() != null || filter.channel() != null) {
            Conditions delivery = new Conditions(where);
            delivery.add("d.event_id = e.id");
            deliveryConditions(filter, delivery);
            where.add("EXISTS (SELECT 1 FROM inbox_delivery d" + delivery.where() + ")");
        }
        List<EventSummary> events = jdbc.sql("SELECT e.id, e.received_at, e.event_type, e.serial_number, e.session_id,"
                        + " e.payload, e.invalid_reason, e.source FROM inbox_event e" + where.where()
                        + " ORDER BY e.id DESC LIMIT :limit")
                .params(where.params())
                .param("limit", filter.limit())
                .query((row, i) -> {
                    JsonNode event = parse(row.getString("payload"));
                    return new EventSummary(
                            row.getLong("id"),
                            Instant.ofEpochMilli(row.getLong("received_at")),
                            row.getString("event_type"),
                            row.getString("serial_number"),
                            row.getString("session_id"),
                            maskName(text(event, "FirstName"), text(event, "LastName")),
                            PersonalData.maskEmail(text(event, "Email")),
                            PersonalData.maskPhone(text(event, "PhoneNumber")),
                            new ArrayList<>(),
                            row.getString("invalid_reason"),
                            row.getString("source"));
                })
                .list();
        for (EventSummary event : events) {
            event.deliveries()
                    .addAll(jdbc.sql("SELECT channel || ':' || state FROM inbox_delivery WHERE event_id = :id"
                                    + " ORDER BY channel")
                            .param("id", event.id())
                            .query(String.class)
                            .list());
        }
        return events;
    }

    /** The deliveries matching {@code filter}, most recently changed first; their last errors masked. */
    public List<Delivery> deliveries(Filter filter) {
        Conditions where = new Conditions();
        deliveryConditions(filter, where);
        eventConditions(filter, where);
        return jdbc.sql(DELIVERY_WITH_CHATBOT + where.where() + " ORDER BY d.updated_at DESC, d.id DESC LIMIT :limit")
                .params(where.params())
                .param("limit", filter.limit())
                .query((row, i) -> delivery(row, true))
                .list();
    }

    /** One event in full, with every delivery, nothing masked. */
    public Optional<EventDetail> event(long id) {
        Optional<EventDetail> found = jdbc.sql("SELECT * FROM inbox_event WHERE id = :id")
                .param("id", id)
                .query((row, i) -> new EventDetail(
                        row.getLong("id"),
                        Instant.ofEpochMilli(row.getLong("received_at")),
                        row.getString("event_key"),
                        parse(row.getString("payload")),
                        new ArrayList<>(),
                        row.getString("invalid_reason"),
                        row.getString("source")))
                .optional();
        found.ifPresent(event -> event.deliveries()
                .addAll(jdbc.sql(DELIVERY_WITH_CHATBOT + " WHERE d.event_id = :id ORDER BY d.channel")
                        .param("id", id)
                        .query((row, i) -> delivery(row, false))
                        .list()));
        return found;
    }

    /** Deliveries per channel and state, plus {@code unrouted} events (kept, delivered nowhere) and {@code invalid} ones. */
    public Map<String, Object> counts() {
        Map<String, Map<String, Integer>> byChannel = new LinkedHashMap<>();
        jdbc.sql(
                        "SELECT channel, state, COUNT(*) AS n FROM inbox_delivery GROUP BY channel, state ORDER BY channel, state")
                .query(row -> {
                    byChannel
                            .computeIfAbsent(row.getString("channel"), channel -> new LinkedHashMap<>())
                            .put(row.getString("state"), row.getInt("n"));
                });
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("deliveries", byChannel);
        counts.put("events", count("SELECT COUNT(*) FROM inbox_event"));
        counts.put(
                "unrouted",
                count("SELECT COUNT(*) FROM inbox_event e WHERE e.invalid_reason IS NULL"
                        + " AND NOT EXISTS (SELECT 1 FROM inbox_delivery d WHERE d.event_id = e.id)"));
        counts.put("invalid", count("SELECT COUNT(*) FROM inbox_event WHERE invalid_reason IS NOT NULL"));
        return counts;
    }

    /** Per channel, its deliveries created since {@code since} by state (every state present, 0 if none). */
    public List<Map<String, Object>> countsSince(Instant since) {
        Map<String, Map<String, Object>> byChannel = new LinkedHashMap<>();
        jdbc.sql("SELECT channel, state, COUNT(*) AS n FROM inbox_delivery WHERE created_at >= :since"
                        + " GROUP BY channel, state ORDER BY channel")
                .param("since", since.toEpochMilli())
                .query(row -> {
                    byChannel
                            .computeIfAbsent(row.getString("channel"), channel -> {
                                Map<String, Object> counts = new LinkedHashMap<>();
                                counts.put("channel", channel);
                                for (String state : DeliveryState.VALUES) {
                                    counts.put(state, 0);
                                }
                                return counts;
                            })
                            .put(row.getString("state"), row.getInt("n"));
                });
        return new ArrayList<>(byChannel.values());
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static List<String> undelivered() {
        return Stream.of(DeliveryState.values())
                .filter(DeliveryState::undelivered)
                .map(DeliveryState::value)
                .toList();
    }

    private static void eventConditions(Filter filter, Conditions where) {
        where.add("e.serial_number = :chatbot", "chatbot", filter.chatbot());
        where.add("e.event_type = :type", "type", filter.type());
        where.add(
                "e.received_at >= :since",
                "since",
                filter.since() == null ? null : filter.since().toEpochMilli());
        where.add(
                "e.received_at < :until",
                "until",
                filter.until() == null ? null : filter.until().toEpochMilli());
    }

    private static void deliveryConditions(Filter filter, Conditions where) {
        where.add(
                "d.state = :state",
                "state",
                filter.state() == null ? null : filter.state().value());
        where.add("d.channel = :channel", "channel", filter.channel());
    }

    /**
     * The conditions of a {@code WHERE} clause and their named parameters, each condition present only when its
     * value is: a filter left out adds nothing to the SQL. A nested one (a sub-select's) shares its parameters.
     */
    private static final class Conditions {

        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> params;

        Conditions() {
            this.params = new LinkedHashMap<>();
        }

        Conditions(Conditions outer) {
            this.params = outer.params;
        }

        void add(String condition) {
            conditions.add(condition);
        }

        void add(String condition, String name, Object value) {
            if (value != null) {
                conditions.add(condition);
                params.put(name, value);
            }
        }

        /** {@code " WHERE a AND b"}, or nothing without conditions. */
        String where() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        Map<String, Object> params() {
            return params;
        }
    }

    private static Delivery delivery(ResultSet row, boolean mask) throws SQLException {
        String error = row.getString("last_error");
        return new Delivery(
                row.getLong("id"),
                row.getLong("event_id"),
                row.getString("channel"),
                DeliveryState.of(row.getString("state")),
                row.getInt("attempts"),
                Instant.ofEpochMilli(row.getLong("next_attempt_at")),
                mask ? PersonalData.mask(error) : error,
                row.getString("result_id"),
                Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")),
                row.getString("serial_number"));
    }

    /** The stored payload as JSON; an invalid event's body that is not JSON, as text. */
    private JsonNode parse(String payload) {
        try {
            JsonNode parsed = json.readTree(payload);
            return parsed == null ? TextNode.valueOf(payload) : parsed;
        } catch (IOException notJson) {
            return TextNode.valueOf(payload);
        }
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.isObject() ? event.get(field) : null;
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    /** First name and the last name's initial: enough to recognise, not to identify. */
    private static String maskName(String first, String last) {
        String name = (first == null ? "" : first.strip())
                + (last == null || last.isBlank() ? "" : " " + last.strip().charAt(0) + ".");
        return name.isBlank() ? null : name.strip();
    }
}
