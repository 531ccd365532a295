package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Wrong Salesforce credentials show in the log as the bridge starts, with Salesforce's reason and without the
 * secret; the bridge still starts and accepts, and once the credentials work the lead goes out.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "camel.component.salesforce.client-id=test-client",
            "camel.component.salesforce.client-secret=wrong-secret-value",
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES
        })
class SalesforceSignInRefusedTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn()
            .refusingLogins(400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @Test
    void shouldWarnAtStartUpWithSalesforcesReasonAndDeliverOnceTheSignInWorks(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(output.getAll()).contains("Could not sign in to Salesforce", "invalid_client"));

        SALESFORCE.refusingLogins(
                400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
        assertThat(new WebhookClient(port).postSigned(SignedRequest.LEAD).body())
                .isEqualTo("{\"status\":\"success\"}");
        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat(inbox.onlyDelivery().get("last_error")).asString().contains("invalid_client");
        });

        SALESFORCE.reset();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo("delivered"));
        assertThat(output.getAll()).doesNotContain("wrong-secret-value");
    }
}
