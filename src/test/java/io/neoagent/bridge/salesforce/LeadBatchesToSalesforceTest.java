package io.neoagent.bridge.salesforce;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * Upserting on an external id, leads due together go to Salesforce in sObject Collections calls instead of
 * one call each, and every lead still gets its own outcome.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            // no poll to fall back on: every pass here is one the bridge starts itself
            "delivery.poll-interval=1h",
            "delivery.retry.initial-delay=1h",
            "delivery.retry.jitter=0"
        })
class LeadBatchesToSalesforceTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

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

    /** A lead of conversation {@code session}; one request with several is committed (and due) at once. */
    static String lead(int session, String lastName) {
        return SignedRequest.LEAD
                .replace("\"ID session\":31305", "\"ID session\":" + session)
                .replace("\"LastName\":\"Garcia\"", "\"LastName\":\"" + lastName + "\"");
    }

    private void sendTogether(List<String> events) {
        String body = "[" + String.join(",", events) + "]";
        assertThat(webhook.postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private Map<String, Long> statesByCount() {
        return inbox.deliveryRows().stream()
                .collect(Collectors.groupingBy(row -> (String) row.get("state"), Collectors.counting()));
    }

    @Test
    void shouldSendThirtyLeadsDueTogetherInOneCallWithTheirOwnRecordIds() throws Exception {
        sendTogether(IntStream.rangeClosed(1, 30)
                .mapToObj(i -> lead(1000 + i, "Visitor " + i))
                .toList());

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("delivered", 30L)));
        List<LoggedRequest> calls = SALESFORCE.leadCollectionCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getUrl()).isEqualTo(SalesforceStandIn.LEAD_COLLECTIONS + "/Neoagent_Key__c");
        JsonNode upsert = JSON.readTree(calls.get(0).getBodyAsString());
        assertThat(upsert.path("allOrNone").asBoolean(true)).isFalse();
        assertThat(upsert.path("records")).hasSize(30);
        JsonNode first = upsert.path("records").get(0);
        assertThat(first.path("attributes").path("type").asText()).isEqualTo("Lead");
        assertThat(first.path("Neoagent_Key__c").asText()).isEqualTo("59001dd73709417321c58b11693183a2:1001");
        assertThat(first.path("LastName").asText()).isEqualTo("Visitor 1");
        // one call for 30 leads: no single creates or upserts, no describe or version calls
        assertThat(SALESFORCE.all())
                .extracting(LoggedRequest::getUrl)
                .allMatch(url ->
                        url.equals(SalesforceStandIn.TOKEN) || url.startsWith(SalesforceStandIn.LEAD_COLLECTIONS));
        Set<Object> ids = new HashSet<>();
        inbox.deliveryRows().forEach(row -> ids.add(row.get("result_id")));
        assertThat(ids).hasSize(30).allSatisfy(id -> assertThat((String) id).startsWith("00Q"));
    }

    @Test
    void shouldJudgeEachLeadOfACallOnItsOwnError() {
        SALESFORCE.rejectCollectionRecordsContaining(
                "Invalid Person", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Rejected by a rule");
        SALESFORCE.rejectCollectionRecordsContaining(
                "Locked Person", "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access");
        sendTogether(List.of(lead(2001, "Good Person"), lead(2002, "Invalid Person"), lead(2003, "Locked Person")));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> statesByCount().equals(Map.of("delivered", 1L, "dead", 1L, "retrying", 1L)));
        assertThat(SALESFORCE.leadCollectionCalls()).hasSize(1);
        List<Map<String, Object>> rows = inbox.deliveryRows();
        assertThat(rows.get(0)).containsEntry("state", "delivered");
        assertThat(rows.get(1)).containsEntry("state", "dead");
        assertThat((String) rows.get(1).get("last_error"))
                .contains("FIELD_CUSTOM_VALIDATION_EXCEPTION", "Rejected by a rule");
        assertThat(rows.get(2)).containsEntry("state", "retrying");
        assertThat((String) rows.get(2).get("last_error")).contains("UNABLE_TO_LOCK_ROW");
    }

    @Test
    void shouldRetryEveryLeadOfACallThatFailedAsAWhole() {
        SALESFORCE.answerLeadCollections(
                503, "[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"down for maintenance\"}]");
        sendTogether(List.of(lead(3001, "One"), lead(3002, "Two"), lead(3003, "Three")));

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("retrying", 3L)));
        assertThat(SALESFORCE.leadCollectionCalls()).hasSize(1);
        assertThat(inbox.deliveryRows())
                .allSatisfy(row -> assertThat((String) row.get("last_error")).contains("503"));
    }

    @Test
    void shouldNeverPutTwoEventsOfOneConversationInTheSameCall() throws Exception {
        sendTogether(List.of(lead(4001, "First"), lead(4002, "Other"), lead(4001, "First Again")));

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("delivered", 3L)));
        for (LoggedRequest call : SALESFORCE.leadCollectionCalls()) {
            List<String> keys =
                    JSON.readTree(call.getBodyAsString()).path("records").findValuesAsText("Neoagent_Key__c");
            assertThat(keys).doesNotHaveDuplicates();
        }
        // the later event of conversation 4001 went after the first, in the next pass, which started at once: its
        // window had ended while the first call was gathered (alone: one upsert)
        assertThat(SALESFORCE.leadCollectionCalls()).hasSize(1);
        assertThat(SALESFORCE
                        .server()
                        .findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(SalesforceStandIn.LEADS
                                        + "/Neoagent_Key__c/59001dd73709417321c58b11693183a2(:|%3A)4001"))))
                .hasSize(1);
        assertThat(inbox.deliveryRows())
                .allSatisfy(row -> assertThat(row.get("attempts")).isEqualTo(1));
    }

    /** Alone when its gathering window (250 ms) ends: a single upsert, not a collection of one. */
    @Test
    void shouldSendALeadDueAloneInItsOwnCall() {
        sendTogether(List.of(lead(5001, "Alone")));

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("delivered", 1L)));
        assertThat(SALESFORCE.leadCollectionCalls()).isEmpty();
        assertThat(SALESFORCE
                        .server()
                        .findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                                        SalesforceStandIn.LEADS + "/Neoagent_Key__c/.+"))))
                .hasSize(1);
    }

    @Test
    void shouldKeyEachLeadWithoutASessionOnItsOwnEvent() throws Exception {
        String withoutSession = SignedRequest.LEAD.replace(",\"ID session\":31305", "");
        sendTogether(List.of(
                withoutSession.replace("Garcia", "One"),
                withoutSession.replace("Garcia", "Two"),
                withoutSession.replace("Garcia", "Three")));

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("delivered", 3L)));
        // three unrelated leads: three keys, so all three in one call
        assertThat(SALESFORCE.leadCollectionCalls()).hasSize(1);
        List<String> keys = JSON.readTree(
                        SALESFORCE.leadCollectionCalls().get(0).getBodyAsString())
                .path("records")
                .findValuesAsText("Neoagent_Key__c");
        assertThat(keys)
                .containsExactlyElementsOf(inbox.eventRows().stream()
                        .map(row -> (String) row.get("event_key"))
                        .toList());
    }

    @Test
    void shouldSendALeadOfACallAgainWithoutEmailWhenSalesforceRefusesItsAddress() throws Exception {
        SALESFORCE.rejectCollectionRecordsContaining(
                "\"Email\":\"typo@example.con\"",
                "INVALID_EMAIL_ADDRESS",
                "Email: invalid email address: typo@example.con");
        SALESFORCE.rejectCollectionRecordsContaining(
                "Invalid Person", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Rejected by a rule");
        sendTogether(List.of(
                lead(6001, "Good Person"),
                lead(6002, "Typo Person").replace("test@qq.com", "typo@example.con"),
                lead(6003, "Invalid Person")));

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("delivered", 2L, "dead", 1L)));
        List<LoggedRequest> calls = SALESFORCE.leadCollectionCalls();
        assertThat(calls).hasSize(2);
        JsonNode again = JSON.readTree(calls.get(1).getBodyAsString()).path("records");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).has("Email")).isFalse();
        assertThat(again.get(0).path("Description").asText()).contains("typo@example.con");
        assertThat(again.get(0).path("Neoagent_Key__c").asText()).isEqualTo("59001dd73709417321c58b11693183a2:6002");
        assertThat(again.get(0).path("attributes").path("type").asText()).isEqualTo("Lead");
        List<Map<String, Object>> rows = inbox.deliveryRows();
        assertThat(rows.get(0)).containsEntry("state", "delivered").containsEntry("attempts", 1);
        assertThat(rows.get(1)).containsEntry("state", "delivered").containsEntry("attempts", 1);
        assertThat((String) rows.get(1).get("result_id"))
                .startsWith("00Q")
                .isNotEqualTo(rows.get(0).get("result_id"));
        assertThat(rows.get(2)).containsEntry("state", "dead");
        assertThat((String) rows.get(2).get("last_error")).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION");
    }
}
