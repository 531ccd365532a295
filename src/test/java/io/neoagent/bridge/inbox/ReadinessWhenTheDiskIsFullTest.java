package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A full disk, for real: SQLite's own limit on the inbox file's size ({@code max_page_count}, on every connection of
 * the pool) and a table that fills it up to that limit. Readiness follows what the inbox can commit: {@code DOWN}
 * within seconds of the webhook's first 503, and {@code UP} again once there is room, with no webhook traffic to tell
 * it so, after which a lead is stored.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            // the inbox file cannot grow past 1 MiB (256 pages of 4 KiB): room for the migrations and some leads
            "spring.datasource.hikari.data-source-properties[max_page_count]=256"
        })
@DirtiesContext
class ReadinessWhenTheDiskIsFullTest {

    private static final String INBOX_CANNOT_STORE =
            "{\"status\":\"error\",\"message\":\"the inbox cannot store events right now; retry later\"}";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldBeNotReadyWhileTheInboxFileIsFullAndReadyAgainOnceThereIsRoom() throws Exception {
        WebhookClient webhook = new WebhookClient(port);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(readiness().statusCode()).isEqualTo(200));

        jdbc.execute("CREATE TABLE disk_filler (bytes BLOB NOT NULL)");
        fillUpToTheLimit();
        // the last room in the inbox's own pages goes to leads; then the webhook is refused
        HttpResponse<String> refused = null;
        for (int i = 0; i < 1_000 && (refused == null || refused.statusCode() == 200); i++) {
            refused = webhook.postSigned(lead("Lead" + i));
        }
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo(INBOX_CANNOT_STORE);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertNotReady(readiness()));
        // and it stays so: the write probe finds no room either
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertNotReady(readiness()));

        jdbc.update("DELETE FROM disk_filler");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(readiness().statusCode()).isEqualTo(200));
        HttpResponse<String> accepted = webhook.postSigned(lead("AfterRoom"));
        assertThat(accepted.body()).isEqualTo("{\"status\":\"success\"}");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbox_event WHERE payload LIKE '%AfterRoom%'", Integer.class))
                .isEqualTo(1);
    }

    /** Rows of shrinking sizes until SQLite refuses each (SQLITE_FULL): no page left, and little room in the last ones. */
    private void fillUpToTheLimit() {
        for (int size : new int[] {65_536, 4_096, 512, 64, 8}) {
            DataAccessException full = null;
            for (int i = 0; i < 10_000 && full == null; i++) {
                try {
                    jdbc.update("INSERT INTO disk_filler (bytes) VALUES (?)", (Object) new byte[size]);
                } catch (DataAccessException e) {
                    full = e;
                }
            }
            assertThat(full).as("SQLITE_FULL for rows of %d bytes", size).isNotNull();
            assertThat(full).hasMessageContaining("SQLITE_FULL");
        }
    }

    private static void assertNotReady(HttpResponse<String> readiness) {
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"inbox\":{\"status\":\"DOWN\"");
    }

    private HttpResponse<String> readiness() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String lead(String firstName) {
        return "{\"SerialNumber\":\"disk-full\",\"Type\":\"Lead\",\"FirstName\":\"" + firstName
                + "\",\"ID session\":1}";
    }
}
