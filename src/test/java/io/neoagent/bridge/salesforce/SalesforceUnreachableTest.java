package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Salesforce down when the bridge starts: the bridge starts, says it could not sign in, accepts, and keeps the
 * lead for later.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {BridgeTest.SALESFORCE, BridgeTest.FAST_POLL})
class SalesforceUnreachableTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        int closedPort = TestSupport.freePort();
        registry.add("camel.component.salesforce.login-url", () -> "http://127.0.0.1:" + closedPort);
    }

    @Test
    void shouldStartAcceptAndKeepRetryingWhileSalesforceIsUnreachable(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(output.getAll())
                                .contains(
                                        "Could not sign in to Salesforce (leads wait in the inbox and are retried): Salesforce unreachable"));
        assertThat(new WebhookClient(port).postSigned(SignedRequest.LEAD).body())
                .isEqualTo("{\"status\":\"success\"}");

        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat(inbox.onlyDelivery().get("last_error")).asString().containsIgnoringCase("connect");
        });
    }
}
