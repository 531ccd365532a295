package io.neoagent.bridge.inbox;

import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When the inbox cannot commit, the sender is told to retry and nothing is half-stored. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "neoagent.signing-keys=" + SignedRequest.KEY)
@DirtiesContext
class InboxUnavailableTest {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void inbox(DynamicPropertyRegistry registry) throws IOException {
        TestSupport.sqliteInbox(registry);
    }

    @Test
    void shouldAnswer503StoreNothingAndReportNotReadyWhenTheInboxCannotWrite() throws Exception {
        // the event row can be written, its delivery row cannot: the whole request must roll back
        jdbc.execute("DROP TABLE inbox_delivery");
        String batch = "[{\"Type\":\"Lead\",\"FirstName\":\"A\"},{\"Type\":\"Lead\",\"FirstName\":\"B\"}]";

        HttpResponse<String> response = new WebhookClient(port).post(SignedRequest.of(batch).at(Instant.now()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"status\":\"error\",\"message\":\"the inbox cannot store events right now; retry later\"}");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class)).isZero();

        HttpResponse<String> readiness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"inbox\":{\"status\":\"DOWN\"");
    }
}
