package io.neoagent.bridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.neoagent.bridge.logging.PersonalData;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the inbox for the admin API: lists with personal data masked, one event in full, and
 * counts per channel and state.
 */
class InboxQueries {

    /** Filters shared by the lists; null means "any". */
    record Filter(String state, String channel, String chatbot, String type, Instant since, Instant until, int limit) {
    }

    /**
     * One event in a list: who, masked. {@code invalid} is set, to the reason, for a signed request that was
     * refused (400) and kept: it has no deliveries.
     */
    record EventSummary(long id, Instant receivedAt, String type, String chatbot, String session,
                        String name, String email, String phone, List<String> deliveries, String invalid) {
    }

    /** One delivery, with its event's chatbot. */
    record Delivery(long id, long eventId, String channel, String state, int attempts, Instant nextAttemptAt,
                    String lastError, String resultId, Instant createdAt, Instant updatedAt, String chatbot) {

        /** Dead and held deliveries can be replayed. */
        public boolean replayable() {
            return "dead".equals(state) || "held".equals(state);
        }
    }

    /** One event in full, with every delivery; an invalid one as its body was received (text when not JSON). */
    record EventDetail(long id, Instant receivedAt, String key, JsonNode event, List<Delivery> deliveries, String invalid) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    InboxQueries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<EventSummary> events(Filter filter) {
        return events(filter, false);
    }

    /** Events, or with {@code invalidOnly} the signed requests that were refused and kept. */
    List<EventSummary> events(Filter filter, boolean invalidOnly) {
        StringBuilder sql = new StringBuilder("SELECT e.id, e.received_at, e.event_type, e.serial_number, e.session_id, e.payload,"
                + " e.invalid_reason FROM inbox_event e WHERE " + (invalidOnly ? "e.invalid_reason IS NOT NULL" : "1 = 1"));
        List<Object> args = new ArrayList<>();
        eventConditions(filter, sql, args);
        if (filter.state() != null || filter.channel() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM inbox_delivery d WHERE d.event_id = e.id");
            deliveryConditions(filter, sql, args);
            sql.append(')');
        }
        sql.append(" ORDER BY e.id DESC LIMIT ?");
        args.add(filter.limit());
        List<EventSummary> events = jdbc.query(sql.toString(), (row, i) -> {
            JsonNode event = parse(row.getString("payload"));
            return new EventSummary(row.getLong("id"), Instant.ofEpochMilli(row.getLong("received_at")),
                    row.getString("event_type"), row.getString("serial_number"), row.getString("session_id"),
                    maskName(text(event, "FirstName"), text(event, "LastName")),
                    PersonalData.maskEmail(text(event, "Email")), PersonalData.maskPhone(text(event, "PhoneNumber")),
                    new ArrayList<>(), row.getString("invalid_reason"));
        }, args.toArray());
        for (EventSummary event : events) {
            event.deliveries().addAll(jdbc.queryForList(
                    "SELECT channel || ':' || state FROM inbox_delivery WHERE event_id = ? ORDER BY channel", String.class, event.id()));
        }
        return events;
    }

    List<Delivery> deliveries(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT d.*, e.serial_number FROM inbox_delivery d JOIN inbox_event e ON e.id = d.event_id"
                + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        deliveryConditions(filter, sql, args);
        eventConditions(filter, sql, args);
        sql.append(" ORDER BY d.updated_at DESC, d.id DESC LIMIT ?");
        args.add(filter.limit());
        return jdbc.query(sql.toString(), (row, i) -> delivery(row, true), args.toArray());
    }

    Optional<EventDetail> event(long id) {
        List<EventDetail> found = jdbc.query("SELECT * FROM inbox_event WHERE id = ?", (row, i) -> new EventDetail(
                row.getLong("id"), Instant.ofEpochMilli(row.getLong("received_at")), row.getString("event_key"),
                parse(row.getString("payload")), new ArrayList<>(), row.getString("invalid_reason")), id);
        found.forEach(event -> event.deliveries().addAll(jdbc.query(
                "SELECT d.*, e.serial_number FROM inbox_delivery d JOIN inbox_event e ON e.id = d.event_id"
                        + " WHERE d.event_id = ? ORDER BY d.channel", (row, i) -> delivery(row, false), id)));
        return found.stream().findFirst();
    }

    /** Deliveries per channel and state, plus {@code unrouted} events (kept, delivered nowhere). */
    Map<String, Object> counts() {
        Map<String, Map<String, Integer>> byChannel = new LinkedHashMap<>();
        jdbc.query("SELECT channel, state, COUNT(*) AS n FROM inbox_delivery GROUP BY channel, state ORDER BY channel, state",
                row -> {
                    byChannel.computeIfAbsent(row.getString("channel"), c -> new LinkedHashMap<>())
                            .put(row.getString("state"), row.getInt("n"));
                });
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("deliveries", byChannel);
        counts.put("events", jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class));
        counts.put("unrouted", jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event e WHERE e.invalid_reason IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM inbox_delivery d WHERE d.event_id = e.id)", Integer.class));
        counts.put("invalid", jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE invalid_reason IS NOT NULL", Integer.class));
        return counts;
    }

    /** Per channel, its deliveries created since {@code since} by state (every state present, 0 if none). */
    List<Map<String, Object>> countsSince(Instant since) {
        Map<String, Map<String, Object>> byChannel = new LinkedHashMap<>();
        jdbc.query("SELECT channel, state, COUNT(*) AS n FROM inbox_delivery WHERE created_at >= ?"
                + " GROUP BY channel, state ORDER BY channel", row -> {
            byChannel.computeIfAbsent(row.getString("channel"), channel -> {
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("channel", channel);
                for (String state : List.of("pending", "retrying", "delivered", "dead", "held")) {
                    counts.put(state, 0);
                }
                return counts;
            }).put(row.getString("state"), row.getInt("n"));
        }, since.toEpochMilli());
        return new ArrayList<>(byChannel.values());
    }

    private static void eventConditions(Filter filter, StringBuilder sql, List<Object> args) {
        if (filter.chatbot() != null) {
            sql.append(" AND e.serial_number = ?");
            args.add(filter.chatbot());
        }
        if (filter.type() != null) {
            sql.append(" AND e.event_type = ?");
            args.add(filter.type());
        }
        if (filter.since() != null) {
            sql.append(" AND e.received_at >= ?");
            args.add(filter.since().toEpochMilli());
        }
        if (filter.until() != null) {
            sql.append(" AND e.received_at < ?");
            args.add(filter.until().toEpochMilli());
        }
    }

    private static void deliveryConditions(Filter filter, StringBuilder sql, List<Object> args) {
        if (filter.state() != null) {
            sql.append(" AND d.state = ?");
            args.add(filter.state());
        }
        if (filter.channel() != null) {
            sql.append(" AND d.channel = ?");
            args.add(filter.channel());
        }
    }

    private static Delivery delivery(java.sql.ResultSet row, boolean mask) throws java.sql.SQLException {
        long next = row.getLong("next_attempt_at");
        String error = row.getString("last_error");
        return new Delivery(row.getLong("id"), row.getLong("event_id"), row.getString("channel"), row.getString("state"),
                row.getInt("attempts"), Instant.ofEpochMilli(next), mask ? PersonalData.mask(error) : error,
                row.getString("result_id"), Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")), row.getString("serial_number"));
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
        String name = (first == null ? "" : first.strip()) + (last == null || last.isBlank() ? "" : " " + last.strip().charAt(0) + ".");
        return name.isBlank() ? null : name.strip();
    }
}
