package io.neoagent.bridge.inbox;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the inbox tables directly, for assertions. */
public final class InboxRows {

    private final JdbcTemplate jdbc;

    public InboxRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void clear() {
        jdbc.update("DELETE FROM inbox_delivery");
        jdbc.update("DELETE FROM inbox_event");
    }

    public int events() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class);
    }

    public int deliveries() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_delivery", Integer.class);
    }

    public List<Map<String, Object>> eventRows() {
        return jdbc.queryForList("SELECT * FROM inbox_event ORDER BY id");
    }

    public List<String> payloads() {
        return jdbc.queryForList("SELECT payload FROM inbox_event ORDER BY id", String.class);
    }

    /** channel:state of every delivery, ordered by event then channel. */
    public List<String> deliveryStates() {
        return jdbc.queryForList(
                "SELECT channel || ':' || state FROM inbox_delivery ORDER BY event_id, channel", String.class);
    }

    /** Every delivery row, oldest first. */
    public List<Map<String, Object>> deliveryRows() {
        return jdbc.queryForList("SELECT * FROM inbox_delivery ORDER BY id");
    }

    /** The only delivery row; fails when there is not exactly one. */
    public Map<String, Object> onlyDelivery() {
        List<Map<String, Object>> rows = deliveryRows();
        if (rows.size() != 1) {
            throw new AssertionError("expected one delivery, found " + rows);
        }
        return rows.get(0);
    }

    public String onlyDeliveryState() {
        return (String) onlyDelivery().get("state");
    }

    /** Every stored value of both tables as text, to search for what must not be there. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        jdbc.queryForList("SELECT * FROM inbox_event")
                .forEach(row -> all.append(row.values()).append('\n'));
        jdbc.queryForList("SELECT * FROM inbox_delivery")
                .forEach(row -> all.append(row.values()).append('\n'));
        return all.toString();
    }
}
