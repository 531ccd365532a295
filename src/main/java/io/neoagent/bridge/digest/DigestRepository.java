package io.neoagent.bridge.digest;

import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The daily digest's SQL, on SQLite and PostgreSQL alike: the claims on {@code digest_day} (an insert that only one
 * instance can make, a take-over only once a lease or retry delay ran out on the database's clock, outcomes fenced
 * by the claim's token), and the reads of one day's events and failed deliveries from the inbox. Writes go through
 * the {@link io.neoagent.bridge.inbox.InboxWriteGate} of the caller.
 */
@Repository
public class DigestRepository {

    /** The states of a {@code digest_day} row. */
    enum State {
        SENDING,
        FAILED,
        SENT,
        SKIPPED,
        MISSED;

        String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }

        /** Sent, skipped or given up: nothing more happens to the day. */
        boolean done() {
            return this == SENT || this == SKIPPED || this == MISSED;
        }
    }

    /** One event of a day, as stored. */
    record DayEvent(long id, Instant receivedAt, String type, String chatbot, String payload) {}

    /** A delivery of one of a day's events that is not delivered (dead, retrying, pending or held). */
    record DayFailure(
            long eventId,
            Instant receivedAt,
            String type,
            String chatbot,
            String channel,
            DeliveryState state,
            int attempts,
            String lastError) {}

    private final JdbcClient jdbc;
    private final String databaseNow;

    public DigestRepository(JdbcClient jdbc, InboxDatabase database) {
        this.jdbc = jdbc;
        this.databaseNow = database.nowMillis();
    }

    /** The oldest day of any digest: since when the digest runs. */
    Optional<LocalDate> firstDay() {
        return jdbc.sql("SELECT MIN(day) FROM digest_day")
                .query(String.class)
                .optional()
                .map(LocalDate::parse);
    }

    /** The state of each day from {@code from} to {@code to} that has a row. */
    Map<LocalDate, State> states(LocalDate from, LocalDate to) {
        Map<LocalDate, State> states = new HashMap<>();
        jdbc.sql("SELECT day, state FROM digest_day WHERE day >= :from AND day <= :to")
                .param("from", from.toString())
                .param("to", to.toString())
                .query(row -> {
                    states.put(LocalDate.parse(row.getString("day")), State.of(row.getString("state")));
                });
        return states;
    }

    /**
     * Claims {@code day} for {@code owner} with a lease of {@code leaseMillis}: a new row, or a row whose claim lease
     * or retry delay ran out. Exactly one of several instances trying at once gets it.
     *
     * @return the attempts made with this one, or empty when the day is not to be had
     */
    Optional<Integer> claim(LocalDate day, String owner, String token, long leaseMillis, long now) {
        Optional<Integer> inserted = jdbc.sql("INSERT INTO digest_day"
                        + " (day, state, claimed_by, claim_token, claimed_until, attempts, updated_at)"
                        + " VALUES (:day, :sending, :owner, :token, " + databaseNow + " + :lease, 1, :now)"
                        + " ON CONFLICT (day) DO NOTHING RETURNING attempts")
                .param("day", day.toString())
                .param("sending", State.SENDING.value())
                .param("owner", owner)
                .param("token", token)
                .param("lease", leaseMillis)
                .param("now", now)
                .query(Integer.class)
                .optional();
        if (inserted.isPresent()) {
            return inserted;
        }
        return jdbc.sql("UPDATE digest_day SET state = :sending, claimed_by = :owner, claim_token = :token,"
                        + " claimed_until = " + databaseNow + " + :lease, attempts = attempts + 1, updated_at = :now"
                        + " WHERE day = :day AND state IN (:unfinished) AND claimed_until < " + databaseNow
                        + " RETURNING attempts")
                .param("day", day.toString())
                .param("sending", State.SENDING.value())
                .param("unfinished", List.of(State.SENDING.value(), State.FAILED.value()))
                .param("owner", owner)
                .param("token", token)
                .param("lease", leaseMillis)
                .param("now", now)
                .query(Integer.class)
                .optional();
    }

    /** Records the day's digest as sent; false when the claim is no longer this one's (its lease ran out). */
    boolean sent(LocalDate day, String token, int events, String messageId, long now) {
        return jdbc.sql("UPDATE digest_day SET state = :sent, events = :events, message_id = :messageId,"
                                + " sent_at = :now, last_error = NULL, claimed_until = NULL, updated_at = :now"
                                + " WHERE day = :day AND claim_token = :token AND state = :sending")
                        .param("sent", State.SENT.value())
                        .param("sending", State.SENDING.value())
                        .param("events", events)
                        .param("messageId", messageId)
                        .param("now", now)
                        .param("day", day.toString())
                        .param("token", token)
                        .update()
                > 0;
    }

    /** Records a day with nothing to tell (no digest sent); false when the claim is no longer this one's. */
    boolean skipped(LocalDate day, String token, long now) {
        return jdbc.sql("UPDATE digest_day SET state = :skipped, events = 0, claimed_until = NULL, updated_at = :now"
                                + " WHERE day = :day AND claim_token = :token AND state = :sending")
                        .param("skipped", State.SKIPPED.value())
                        .param("sending", State.SENDING.value())
                        .param("now", now)
                        .param("day", day.toString())
                        .param("token", token)
                        .update()
                > 0;
    }

    /**
     * Records a failed send: the claim is released, and the day may be claimed again after {@code retryMillis} (on the
     * database's clock).
     */
    boolean failed(LocalDate day, String token, String error, long retryMillis, long now) {
        return jdbc.sql("UPDATE digest_day SET state = :failed, last_error = :error,"
                                + " claimed_until = " + databaseNow + " + :retry, updated_at = :now"
                                + " WHERE day = :day AND claim_token = :token AND state = :sending")
                        .param("failed", State.FAILED.value())
                        .param("sending", State.SENDING.value())
                        .param("error", error)
                        .param("retry", retryMillis)
                        .param("now", now)
                        .param("day", day.toString())
                        .param("token", token)
                        .update()
                > 0;
    }

    /** Gives up the unsent days before {@code from} that nobody is sending: they are marked missed. */
    List<LocalDate> giveUpBefore(LocalDate from, long now) {
        return jdbc
                .sql("UPDATE digest_day SET state = :missed, updated_at = :now"
                        + " WHERE day < :from AND state IN (:unfinished) AND claimed_until < " + databaseNow
                        + " RETURNING day")
                .param("missed", State.MISSED.value())
                .param("unfinished", List.of(State.SENDING.value(), State.FAILED.value()))
                .param("from", from.toString())
                .param("now", now)
                .query(String.class)
                .list()
                .stream()
                .map(LocalDate::parse)
                .sorted()
                .toList();
    }

    /** The latest day before {@code day} that has a row. */
    Optional<LocalDate> latestBefore(LocalDate day) {
        return jdbc.sql("SELECT MAX(day) FROM digest_day WHERE day < :day")
                .param("day", day.toString())
                .query(String.class)
                .optional()
                .map(LocalDate::parse);
    }

    /** Records {@code day} as missed, never sent; false when it has a row already. */
    boolean missed(LocalDate day, long now) {
        return jdbc.sql("INSERT INTO digest_day (day, state, updated_at) VALUES (:day, :missed, :now)"
                                + " ON CONFLICT (day) DO NOTHING")
                        .param("day", day.toString())
                        .param("missed", State.MISSED.value())
                        .param("now", now)
                        .update()
                > 0;
    }

    /** Events received from {@code from} (inclusive) to {@code until} (exclusive), invalid ones included. */
    int countEvents(Instant from, Instant until) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_event WHERE received_at >= :from AND received_at < :until")
                .param("from", from.toEpochMilli())
                .param("until", until.toEpochMilli())
                .query(Integer.class)
                .single();
    }

    /** Signed requests refused and kept as invalid events, received in the window. */
    int countInvalid(Instant from, Instant until) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_event WHERE received_at >= :from AND received_at < :until"
                        + " AND invalid_reason IS NOT NULL")
                .param("from", from.toEpochMilli())
                .param("until", until.toEpochMilli())
                .query(Integer.class)
                .single();
    }

    /** The valid events received in the window, in the order they came. */
    List<DayEvent> events(Instant from, Instant until) {
        return jdbc.sql("SELECT id, received_at, event_type, serial_number, payload FROM inbox_event"
                        + " WHERE received_at >= :from AND received_at < :until AND invalid_reason IS NULL"
                        + " ORDER BY received_at, id")
                .param("from", from.toEpochMilli())
                .param("until", until.toEpochMilli())
                .query((row, i) -> new DayEvent(
                        row.getLong("id"),
                        Instant.ofEpochMilli(row.getLong("received_at")),
                        row.getString("event_type"),
                        row.getString("serial_number"),
                        row.getString("payload")))
                .list();
    }

    /** The deliveries of the window's events in {@code states}, by event and channel. */
    List<DayFailure> deliveries(Instant from, Instant until, List<DeliveryState> states) {
        return jdbc.sql("SELECT e.id, e.received_at, e.event_type, e.serial_number, d.channel, d.state, d.attempts,"
                        + " d.last_error FROM inbox_delivery d JOIN inbox_event e ON e.id = d.event_id"
                        + " WHERE e.received_at >= :from AND e.received_at < :until AND d.state IN (:states)"
                        + " ORDER BY e.received_at, e.id, d.channel")
                .param("from", from.toEpochMilli())
                .param("until", until.toEpochMilli())
                .param("states", states.stream().map(DeliveryState::value).toList())
                .query((row, i) -> new DayFailure(
                        row.getLong("id"),
                        Instant.ofEpochMilli(row.getLong("received_at")),
                        row.getString("event_type"),
                        row.getString("serial_number"),
                        row.getString("channel"),
                        DeliveryState.of(row.getString("state")),
                        row.getInt("attempts"),
                        row.getString("last_error")))
                .list();
    }
}
