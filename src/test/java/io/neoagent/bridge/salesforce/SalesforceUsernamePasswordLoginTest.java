package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 * With SALESFORCE_USERNAME and SALESFORCE_PASSWORD set, the bridge logs in with the username-password flow, and
 * warns once as it starts that Salesforce stops that flow on 2027-02-20, without naming the user.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "camel.component.salesforce.user-name=integration@example.com",
            "camel.component.salesforce.password=secret-and-token",
            BridgeTest.FAST_POLL
        })
class SalesforceUsernamePasswordLoginTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SALESFORCE.configure(registry);
    }

    @Test
    void shouldLogInWithThePasswordGrantWhenAUserNameIsSet() {
        new WebhookClient(port).postSigned(SignedRequest.LEAD);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(new InboxRows(jdbc).onlyDeliveryState()).isEqualTo("delivered"));
        assertThat(SALESFORCE.everyLogin()).isNotEmpty();
        assertThat(SALESFORCE.everyLogin().get(0).getBodyAsString())
                .contains("grant_type=password", "username=integration%40example.com");
    }

    @Test
    void shouldWarnOnceAtStartUpThatThePasswordFlowEndsOn20270220AndWhereToMove(CapturedOutput output) {
        List<String> warnings = output.getAll()
                .lines()
                .filter(line -> line.contains("2027-02-20"))
                .toList();

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .contains(" WARN ", "username-password flow")
                .contains("client-credentials flow (an External Client App with a run-as user")
                .contains("JWT bearer flow (SALESFORCE_JWT_KEYSTORE");
        assertThat(output.getAll())
                .doesNotContain("integration@example.com", "integration%40example.com", "secret-and-token");
    }
}
