package io.neoagent.bridge.inbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The inbox's own random id (table {@code inbox_identity}, made once by its migration), so that a Message-ID
 * built from a delivery id is unique beyond this inbox. Read from the database on first use, then kept: the
 * same for every attempt and across restarts, different for every other inbox.
 */
@Component
public class InboxIdentity {

    private final JdbcTemplate jdbc;
    private volatile String inboxId;

    public InboxIdentity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** 32 lower-case hex digits. */
    public String inboxId() {
        String id = inboxId;
        if (id == null) {
            id = jdbc.queryForObject("SELECT inbox_id FROM inbox_identity WHERE id = 1", String.class);
            inboxId = id;
        }
        return id;
    }
}
