package io.neoagent.bridge.salesforce;

import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With SALESFORCE_USERNAME set, the bridge logs in with the username-password flow. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "neoagent.signing-keys=" + SignedRequest.KEY,
        "camel.component.salesforce.client-id=test-client",
        "camel.component.salesforce.client-secret=test-secret",
        "camel.component.salesforce.user-name=integration@example.com",
        "camel.component.salesforce.password=secret-and-token",
        "delivery.poll-interval=100ms"})
class SalesforceUsernamePasswordLoginTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestSupport.sqliteInbox(registry);
        SALESFORCE.configure(registry);
    }

    @Test
    void shouldLogInWithThePasswordGrantWhenAUserNameIsSet() {
        new WebhookClient(port).post(SignedRequest.of(SignedRequest.LEAD).at(Instant.now()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(new InboxRows(jdbc).onlyDeliveryState()).isEqualTo("delivered"));
        assertThat(SALESFORCE.everyLogin()).isNotEmpty();
        assertThat(SALESFORCE.everyLogin().get(0).getBodyAsString())
                .contains("grant_type=password", "username=integration%40example.com");
    }
}
