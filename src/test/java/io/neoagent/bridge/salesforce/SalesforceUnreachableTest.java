package io.neoagent.bridge.salesforce;

import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Salesforce down when the bridge starts: the bridge starts, says it could not sign in, accepts, and keeps the
 * lead for later.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "neoagent.signing-keys=" + SignedRequest.KEY,
        "camel.component.salesforce.client-id=test-client",
        "camel.component.salesforce.client-secret=test-secret",
        "delivery.poll-interval=100ms"})
class SalesforceUnreachableTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        int closedPort = TestSupport.freePort();
        TestSupport.sqliteInbox(registry);
        registry.add("camel.component.salesforce.login-url", () -> "http://127.0.0.1:" + closedPort);
    }

    @Test
    void shouldStartAcceptAndKeepRetryingWhileSalesforceIsUnreachable(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getAll())
                .contains("Could not sign in to Salesforce (leads wait in the inbox and are retried): Salesforce unreachable"));
        assertThat(new WebhookClient(port).post(SignedRequest.of(SignedRequest.LEAD).at(Instant.now())).body())
                .isEqualTo("{\"status\":\"success\"}");

        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat(inbox.onlyDelivery().get("last_error")).asString().containsIgnoringCase("connect");
        });
    }
}
