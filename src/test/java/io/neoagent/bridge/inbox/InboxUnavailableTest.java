package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/** When the inbox cannot commit, the sender is told to retry and nothing is half-stored. */
@BridgeTest
@DirtiesContext
class InboxUnavailableTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldAnswer503StoreNothingAndReportNotReadyWhenTheInboxCannotWrite() throws Exception {
        // a context shared with other classes may hold their events
        new InboxRows(jdbc).clear();
        // the event row can be written, its delivery row cannot: the whole request must roll back
        jdbc.execute("DROP TABLE inbox_delivery");
        String batch = "[{\"Type\":\"Lead\",\"FirstName\":\"A\"},{\"Type\":\"Lead\",\"FirstName\":\"B\"}]";

        HttpResponse<String> response = new WebhookClient(port).postSigned(batch);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .isEqualTo(
                        "{\"status\":\"error\",\"message\":\"the inbox cannot store events right now; retry later\"}");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class))
                .isZero();

        HttpResponse<String> readiness = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"inbox\":{\"status\":\"DOWN\"");
    }
}
