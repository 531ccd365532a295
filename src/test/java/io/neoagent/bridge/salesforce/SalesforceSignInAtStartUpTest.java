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
 * With the salesforce-lead channel configured, the bridge signs in to Salesforce as it starts, before any lead
 * arrives: the log says at once that the credentials and the API version work, and the first lead does not
 * wait for a login.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {BridgeTest.SALESFORCE, BridgeTest.FAST_POLL})
class SalesforceSignInAtStartUpTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @Test
    void shouldSignInAtStartUpAndSayItWorks(CapturedOutput output) {
        assertThat(SALESFORCE.everyLogin()).hasSize(1);
        assertThat(SalesforceStandIn.form(SALESFORCE.everyLogin().get(0)))
                .as("the client-credentials flow of an External Client App")
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", "test-client")
                .containsEntry("client_secret", "test-secret")
                .doesNotContainKeys("username", "password", "assertion");
        assertThat(SALESFORCE.apiVersionChecks()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(output.getAll()).contains("Signed in to Salesforce: API version 62.0 is available"));

        new WebhookClient(port).postSigned(SignedRequest.LEAD);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(new InboxRows(jdbc).onlyDeliveryState()).isEqualTo("delivered"));
        assertThat(SALESFORCE.everyLogin())
                .as("the lead used the session from start-up")
                .hasSize(1);
        assertThat(output.getAll())
                .as("no warning that the username-password flow ends")
                .doesNotContain("2027-02-20");
    }
}
