package io.neoagent.bridge.alerts;

import io.neoagent.bridge.inbox.InboxWriteGate;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The incidents of the channels ({@code alert_incident}), shared by every bridge on the inbox: at most one open per
 * channel, and each alert claimed by the one bridge that sends it. Times are epoch ms.
 */
@Repository
class AlertIncidents {

    /** One incident: a channel failing from {@code openedAt} until {@code closedAt}. */
    record Incident(
            long id,
            String channel,
            String kind,
            long openedAt,
            String reason,
            Long alertedAt,
            Long closedAt,
            Long recoveryAlertedAt) {}

    private static final String COLUMNS =
            "id, channel, kind, opened_at, reason, alerted_at, closed_at, recovery_alerted_at";

    private final JdbcClient jdbc;
    private final InboxWriteGate gate;

    AlertIncidents(JdbcClient jdbc, InboxWriteGate gate) {
        this.jdbc = jdbc;
        this.gate = gate;
    }

    Optional<Incident> open(String channel) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert_incident WHERE channel = :channel AND closed_at IS NULL")
                .param("channel", channel)
                .query(Incident.class)
                .optional();
    }

    List<Incident> allOpen() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert_incident WHERE closed_at IS NULL ORDER BY opened_at")
                .query(Incident.class)
                .list();
    }

    /** When the channel's last incident ended; empty when it never had one. */
    Optional<Long> lastClosed(String channel) {
        return jdbc.sql("SELECT MAX(closed_at) FROM alert_incident WHERE channel = :channel")
                .param("channel", channel)
                .query(Long.class)
                .optional();
    }

    /** Opens an incident of the channel, unless one is open already (opened by this or another bridge). */
    void open(String channel, String kind, long now, String reason) {
        try {
            gate.run(() -> jdbc.sql("""
                            INSERT INTO alert_incident (channel, kind, opened_at, reason)
                            SELECT :channel, :kind, :now, :reason
                            WHERE NOT EXISTS (SELECT 1 FROM alert_incident WHERE channel = :channel AND closed_at IS NULL)""")
                    .param("channel", channel)
                    .param("kind", kind)
                    .param("now", now)
                    .param("reason", reason)
                    .update());
        } catch (DataIntegrityViolationException openedMeanwhile) {
            // another bridge opened it at the same moment (alert_incident_open): that one is the incident
        }
    }

    void close(long id, long now) {
        gate.run(() -> jdbc.sql("UPDATE alert_incident SET closed_at = :now WHERE id = :id AND closed_at IS NULL")
                .param("now", now)
                .param("id", id)
                .update());
    }

    /** Open incidents nobody announced yet, oldest first. */
    List<Incident> unannounced() {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM alert_incident WHERE closed_at IS NULL AND alerted_at IS NULL ORDER BY opened_at")
                .query(Incident.class)
                .list();
    }

    /** Ended incidents that were announced and whose end was not, oldest first. */
    List<Incident> unannouncedRecoveries() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert_incident WHERE closed_at IS NOT NULL"
                        + " AND alerted_at IS NOT NULL AND recovery_alerted_at IS NULL ORDER BY closed_at")
                .query(Incident.class)
                .list();
    }

    /** Claims the incident's alert for this bridge: false when another bridge claimed it first. */
    boolean claimAlert(long id, long now) {
        return gate.write(() -> jdbc.sql(
                                "UPDATE alert_incident SET alerted_at = :now WHERE id = :id AND alerted_at IS NULL")
                        .param("now", now)
                        .param("id", id)
                        .update())
                == 1;
    }

    /** Claims the alert of the incident's end for this bridge: false when another bridge claimed it first. */
    boolean claimRecovery(long id, long now) {
        return gate.write(() -> jdbc.sql("UPDATE alert_incident SET recovery_alerted_at = :now"
                                + " WHERE id = :id AND recovery_alerted_at IS NULL")
                        .param("now", now)
                        .param("id", id)
                        .update())
                == 1;
    }

    /** Incident alerts sent since {@code since}, by every bridge. */
    int alertedSince(long since) {
        return jdbc.sql("SELECT COUNT(*) FROM alert_incident WHERE alerted_at > :since")
                .param("since", since)
                .query(Integer.class)
                .single();
    }
}
