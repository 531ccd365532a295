package io.neoagent.bridge.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.delivery.DeliveryDispatcher;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
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

/** The salesforce-lead channel against a Salesforce stand-in on a real socket. */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES,
            "delivery.retry.give-up-after=1h"
        })
class LeadToSalesforceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Salesforce's answer to an address its own check refuses (stricter than ours, or a domain it rejects). */
    static final String INVALID_EMAIL = "[{\"message\":\"Email: invalid email address: test@qq.com\","
            + "\"errorCode\":\"INVALID_EMAIL_ADDRESS\",\"fields\":[\"Email\"]}]";

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DeliveryDispatcher dispatcher;

    WebhookClient webhook;
    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        webhook = new WebhookClient(port);
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    private void send(String body) {
        assertThat(webhook.postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private void awaitState(String state) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(inbox.onlyDeliveryState()).isEqualTo(state));
    }

    @Test
    void shouldCreateLeadWithMappedFields() {
        send(SignedRequest.LEAD);

        awaitState("delivered");
        assertThat(inbox.onlyDelivery()).containsEntry("result_id", "00Q000000000001AAA");
        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        assertThat(equalToJson("""
                {"FirstName":"David","LastName":"Garcia","Email":"test@qq.com","Company":"Unknown (chatbot lead)",
                 "LeadSource":"Chatbot",
                 "Description":"test\\n\\nSource page: www.google.com\\nChatbot: 59001dd73709417321c58b11693183a2\\nConversation (ID session): 31305\\nReceived by the chatbot: 2023-11-23T18:36:21.512302Z"}""")
                        .match(SALESFORCE.leadCreates().get(0).getBodyAsString())
                        .isExactMatch())
                .as(SALESFORCE.leadCreates().get(0).getBodyAsString())
                .isTrue();
    }

    @Test
    void shouldCallSalesforceOncePerLeadAndNothingElseButLogins() {
        send(SignedRequest.LEAD);
        awaitState("delivered");
        send(SignedRequest.LEAD.replace("David", "Second"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates()
                        .equals(java.util.List.of("salesforce-lead:delivered", "salesforce-lead:delivered")));

        assertThat(SALESFORCE.leadCreates()).hasSize(2);
        assertThat(SALESFORCE.logins()).hasSizeLessThanOrEqualTo(1);
        assertThat(SALESFORCE.all())
                .hasSize(SALESFORCE.leadCreates().size() + SALESFORCE.logins().size());
    }

    @Test
    void shouldSendNothingFromTheHttpRequestToSalesforce() {
        webhook.post(
                "?sObjectName=Contact",
                SignedRequest.of(SignedRequest.LEAD).at(Instant.now()),
                "sObjectName",
                "Contact",
                "sObjectIdName",
                "Id",
                "rawPayload",
                "false",
                "Authorization",
                "Bearer stolen");

        awaitState("delivered");
        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        assertThat(SALESFORCE.all()).allSatisfy(request -> {
            assertThat(request.getUrl()).doesNotContain("Contact");
            assertThat(request.getHeaders().all().toString()).doesNotContain("stolen", "Contact");
        });
    }

    @Test
    void shouldLogInAgainWhenTheSessionExpiredAndDeliverOnce() {
        SALESFORCE.failLeadsFirst(
                1, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
        send(SignedRequest.LEAD);

        awaitState("delivered");
        assertThat(SALESFORCE.leadCreates()).hasSize(2);
        assertThat(SALESFORCE.logins()).isNotEmpty();
        assertThat(SALESFORCE.leadCreates().get(1).getLoggedDate())
                .isAfterOrEqualTo(
                        SALESFORCE.logins().get(SALESFORCE.logins().size() - 1).getLoggedDate());
    }

    @Test
    void shouldRetryWhileSalesforceAnswers503AndDeliverOnceItRecovers() {
        SALESFORCE.failLeadsFirst(
                3, 503, "[{\"message\":\"down for maintenance\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
        send(SignedRequest.LEAD);

        awaitState("delivered");
        assertThat(inbox.onlyDelivery()).containsEntry("attempts", 4);
        assertThat(SALESFORCE.leadCreates()).hasSize(4);
    }

    @Test
    void shouldBackOffWhenTheRequestLimitIsExceeded() {
        SALESFORCE.answerLeads(
                403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
        send(SignedRequest.LEAD);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inbox.onlyDeliveryState()).isEqualTo("retrying");
            assertThat((String) inbox.onlyDelivery().get("last_error")).contains("REQUEST_LIMIT_EXCEEDED");
        });
        SALESFORCE.reset();
        awaitState("delivered");
    }

    @Test
    void shouldMarkValidationErrorDeadWithTheReasonAndDeliverAfterReplay() {
        SALESFORCE.answerLeads(
                400,
                "[{\"message\":\"Required fields are missing: [Company]\",\"errorCode\":\"REQUIRED_FIELD_MISSING\",\"fields\":[\"Company\"]}]");
        send(SignedRequest.LEAD);

        awaitState("dead");
        assertThat(inbox.onlyDelivery()).containsEntry("attempts", 1);
        assertThat((String) inbox.onlyDelivery().get("last_error"))
                .contains("REQUIRED_FIELD_MISSING")
                .contains("Company");

        SALESFORCE.reset();
        long id = ((Number) inbox.onlyDelivery().get("id")).longValue();
        assertThat(dispatcher.replay(id)).isEqualTo(1);

        awaitState("delivered");
        assertThat(inbox.onlyDelivery()).containsEntry("result_id", "00Q000000000001AAA");
    }

    @Test
    void shouldSendTheLeadAgainWithoutEmailWhenSalesforceRefusesTheAddress(CapturedOutput output) throws Exception {
        SALESFORCE.failLeadsFirst(1, 400, INVALID_EMAIL);
        send(SignedRequest.LEAD);

        awaitState("delivered");
        assertThat(inbox.onlyDelivery())
                .containsEntry("result_id", "00Q000000000001AAA")
                .containsEntry("attempts", 1);
        assertThat(SALESFORCE.leadCreates()).hasSize(2);
        JsonNode first = JSON.readTree(SALESFORCE.leadCreates().get(0).getBodyAsString());
        JsonNode again = JSON.readTree(SALESFORCE.leadCreates().get(1).getBodyAsString());
        assertThat(first.path("Email").asText()).isEqualTo("test@qq.com");
        assertThat(again.has("Email")).isFalse();
        assertThat(again.path("Description").asText())
                .contains("test@qq.com")
                .startsWith(first.path("Description").asText());
        assertThat(again.path("LastName").asText()).isEqualTo("Garcia");
        assertThat(output.getAll())
                .contains("Salesforce refused the e-mail address of delivery", "sending the lead again without Email")
                .doesNotContain("test@qq.com");
    }

    @Test
    void shouldMarkTheLeadDeadWhenSalesforceRefusesItWithoutTheEmailToo() {
        SALESFORCE.answerLeads(400, INVALID_EMAIL);
        send(SignedRequest.LEAD);

        awaitState("dead");
        assertThat(SALESFORCE.leadCreates()).hasSize(2);
        assertThat((String) inbox.onlyDelivery().get("last_error")).contains("INVALID_EMAIL_ADDRESS");
    }
}
