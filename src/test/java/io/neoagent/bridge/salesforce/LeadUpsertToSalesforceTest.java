package io.neoagent.bridge.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With SALESFORCE_LEAD_EXTERNAL_ID_FIELD set, leads are upserted: one lead per conversation. Batches are off
 * here (size 1), so every lead takes the one-by-one upsert, however the two arrive; LeadBatchesToSalesforceTest
 * covers batches.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            "salesforce.lead.chatbots.59001dd73709417321c58b11693183a2.LeadSource=Pricing page bot",
            "salesforce.lead.chatbots.59001dd73709417321c58b11693183a2.OwnerId=005000000000042AAA",
            "delivery.channels.salesforce-lead.batch.size=1",
            BridgeTest.FAST_POLL
        })
class LeadUpsertToSalesforceTest {

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

    @BeforeEach
    void setUp() {
        new InboxRows(jdbc).clear();
    }

    @Test
    void shouldUpsertOnChatbotAndSessionWithPerChatbotFields() {
        SALESFORCE.answerLeads(201, "{\"id\":\"00Q000000000077AAA\",\"success\":true,\"created\":true,\"errors\":[]}");
        WebhookClient webhook = new WebhookClient(port);
        InboxRows inbox = new InboxRows(jdbc);
        // two events of the same conversation: the second updates the first's lead
        webhook.postSigned(SignedRequest.LEAD);
        webhook.postSigned(SignedRequest.LEAD.replace("\"Content\":\"test\"", "\"Content\":\"follow-up\""));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates()
                        .equals(List.of("salesforce-lead:delivered", "salesforce-lead:delivered")));
        List<LoggedRequest> upserts = SALESFORCE
                .server()
                .findAll(patchRequestedFor(urlPathMatching(SalesforceStandIn.LEADS + "/Neoagent_Key__c/.+")));
        assertThat(upserts).hasSize(2);
        assertThat(upserts).allSatisfy(request -> {
            assertThat(request.getUrl()).endsWith("/Neoagent_Key__c/59001dd73709417321c58b11693183a2%3A31305");
            assertThat(request.getBodyAsString())
                    .contains("\"LeadSource\":\"Pricing page bot\"", "\"OwnerId\":\"005000000000042AAA\"")
                    .doesNotContain("Neoagent_Key__c");
        });
        assertThat(SALESFORCE.leadCreates()).isEmpty();
        assertThat(inbox.deliveryRows())
                .allSatisfy(row -> assertThat(row).containsEntry("result_id", "00Q000000000077AAA"));
    }

    @Test
    void shouldUpsertOnTheEventKeyWhenTheSessionIsMissing() {
        WebhookClient webhook = new WebhookClient(port);
        InboxRows inbox = new InboxRows(jdbc);
        // two unrelated visitors of one chatbot, neither with a conversation id
        String withoutSession = SignedRequest.LEAD.replace(",\"ID session\":31305", "");
        webhook.postSigned(withoutSession);
        webhook.postSigned(withoutSession.replace("Garcia", "Okafor"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates()
                        .equals(List.of("salesforce-lead:delivered", "salesforce-lead:delivered")));
        List<String> upsertedKeys = SALESFORCE
                .server()
                .findAll(patchRequestedFor(urlPathMatching(SalesforceStandIn.LEADS + "/Neoagent_Key__c/.+")))
                .stream()
                .map(request -> request.getUrl().substring(request.getUrl().lastIndexOf('/') + 1))
                .toList();
        List<String> eventKeys = inbox.eventRows().stream()
                .map(row -> (String) row.get("event_key"))
                .toList();
        assertThat(upsertedKeys).containsExactlyInAnyOrderElementsOf(eventKeys).doesNotHaveDuplicates();
    }

    @Test
    void shouldUpsertTheLeadAgainWithoutEmailOnTheSameKeyWhenSalesforceRefusesTheAddress() throws Exception {
        SALESFORCE.failLeadsFirst(
                1,
                400,
                "[{\"message\":\"Email: invalid email address: test@qq.com\","
                        + "\"errorCode\":\"INVALID_EMAIL_ADDRESS\",\"fields\":[\"Email\"]}]");
        InboxRows inbox = new InboxRows(jdbc);
        new WebhookClient(port).postSigned(SignedRequest.LEAD);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates().equals(List.of("salesforce-lead:delivered")));
        assertThat(inbox.onlyDelivery())
                .containsEntry("result_id", "00Q000000000001AAA")
                .containsEntry("attempts", 1);
        List<LoggedRequest> upserts = SALESFORCE
                .server()
                .findAll(patchRequestedFor(urlPathMatching(SalesforceStandIn.LEADS + "/Neoagent_Key__c/.+")));
        assertThat(upserts).hasSize(2);
        assertThat(upserts)
                .allSatisfy(request -> assertThat(request.getUrl())
                        .endsWith("/Neoagent_Key__c/59001dd73709417321c58b11693183a2%3A31305"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(upserts.get(0).getBodyAsString()).path("Email").asText())
                .isEqualTo("test@qq.com");
        JsonNode again = json.readTree(upserts.get(1).getBodyAsString());
        assertThat(again.has("Email")).isFalse();
        assertThat(again.path("Description").asText()).contains("test@qq.com");
    }
}
