package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** Delivered events leave the inbox after the retention period; whatever still needs someone stays. */
@BridgeTest
@TestPropertySource(properties = {"inbox.retention=90d", "inbox.retention-check=1d"})
class InboxRetentionTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    InboxRetention retention;

    InboxRows inbox;
    WebhookClient webhook;

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        webhook = new WebhookClient(port);
    }

    @Test
    void shouldRemoveOldDeliveredEventsAndKeepWhatStillNeedsSomeone() {
        long delivered = store(lead("old-delivered"), "delivered", 91);
        long unrouted = store("{\"Type\":\"Other\",\"FirstName\":\"old-unrouted\"}", null, 91);
        long dead = store(lead("old-dead"), "dead", 91);
        long held = store(lead("old-held"), "held", 91);
        long recent = store(lead("recent-delivered"), "delivered", 89);
        assertThat(webhook.postSigned("{\"Type\":\"Lead\",\"FirstName\":7}").statusCode())
                .isEqualTo(400);
        jdbc.update("UPDATE inbox_event SET received_at = ? WHERE invalid_reason IS NOT NULL", ago(91));

        assertThat(retention.apply()).isEqualTo(2);

        assertThat(jdbc.queryForList("SELECT id FROM inbox_event WHERE invalid_reason IS NULL ORDER BY id", Long.class))
                .containsExactly(dead, held, recent)
                .doesNotContain(delivered, unrouted);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbox_event WHERE invalid_reason IS NOT NULL", Integer.class))
                .isEqualTo(1);
        assertThat(inbox.everything()).doesNotContain("old-delivered", "old-unrouted");
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_delivery ORDER BY event_id", Long.class))
                .containsExactly(dead, held, recent);
        assertThat(retention.apply()).isZero();
    }

    @Test
    void shouldRemoveInBatchesUntilNothingOldIsLeft() {
        String batch = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> lead("bulk-" + i))
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        for (int i = 0; i < 6; i++) {
            assertThat(webhook.postSigned(batch.replace("bulk-", "bulk-" + i + "-"))
                            .statusCode())
                    .isEqualTo(200);
        }
        jdbc.update("UPDATE inbox_delivery SET state = 'delivered'");
        jdbc.update("UPDATE inbox_event SET received_at = ?", ago(100));

        assertThat(retention.apply()).isEqualTo(600);
        assertThat(inbox.events()).isZero();
        assertThat(inbox.deliveries()).isZero();
    }

    private long store(String body, String state, int daysAgo) {
        assertThat(webhook.postSigned(body).statusCode()).isEqualTo(200);
        long id = jdbc.queryForObject("SELECT MAX(id) FROM inbox_event", Long.class);
        jdbc.update("UPDATE inbox_event SET received_at = ? WHERE id = ?", ago(daysAgo), id);
        if (state != null) {
            jdbc.update("UPDATE inbox_delivery SET state = ? WHERE event_id = ?", state, id);
        }
        return id;
    }

    private static long ago(int days) {
        return Instant.now().minus(Duration.ofDays(days)).toEpochMilli();
    }

    private static String lead(String name) {
        return "{\"Type\":\"Lead\",\"FirstName\":\"" + name + "\",\"Email\":\"" + name + "@example.com\"}";
    }
}
