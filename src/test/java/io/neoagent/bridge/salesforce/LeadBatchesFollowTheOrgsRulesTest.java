package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * The org's rules and campaigns when leads go in sObject Collections batches: one call carries one assignment rule,
 * and the batch's memberships go in one more call.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            "delivery.poll-interval=1h",
            "delivery.retry.initial-delay=1h",
            "delivery.retry.jitter=0",
            "salesforce.auto-assign=FALSE",
            "salesforce.allow-duplicates=true",
            "salesforce.chatbots.59001dd73709417321c58b11693183a2.auto-assign=01Q000000000001AAA",
            "salesforce.chatbots.59001dd73709417321c58b11693183a2.campaign-id=701000000000001AAA"
        })
class LeadBatchesFollowTheOrgsRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER_CHATBOT = "7c3f0e51b0a14d2e9f6a8b4c2d1e0f99";

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient webhook;
    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        webhook = new WebhookClient(port);
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    /** Three leads of the chatbot with a campaign and its own rule, two of another, in one request. */
    private void sendFiveTogether() {
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(LeadBatchesToSalesforceTest.lead(3000 + i, "Campaign visitor " + i));
        }
        for (int i = 1; i <= 2; i++) {
            events.add(LeadBatchesToSalesforceTest.lead(4000 + i, "Other visitor " + i)
                    .replace("59001dd73709417321c58b11693183a2", OTHER_CHATBOT));
        }
        assertThat(webhook.postSigned("[" + String.join(",", events) + "]").body())
                .isEqualTo("{\"status\":\"success\"}");
    }

    private Map<String, Long> statesByCount() {
        return inbox.deliveryRows().stream()
                .collect(Collectors.groupingBy(row -> (String) row.get("state"), Collectors.counting()));
    }

    @Test
    void shouldSendEachAssignmentRuleInItsOwnCallAndTheMembershipsInOneMore() throws Exception {
        sendFiveTogether();

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("delivered", 5L)));
        List<LoggedRequest> calls = SALESFORCE.leadCollectionCalls();
        assertThat(calls).hasSize(2);
        Map<String, Integer> recordsByRule = calls.stream()
                .collect(Collectors.toMap(
                        call -> call.getHeader("Sforce-Auto-Assign"),
                        call -> records(call).size()));
        assertThat(recordsByRule).isEqualTo(Map.of("01Q000000000001AAA", 3, "FALSE", 2));
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.getHeader("Sforce-Duplicate-Rule-Header"))
                        .isEqualTo("allowSave=true"));

        List<LoggedRequest> memberCalls = SALESFORCE.collectionCreates();
        assertThat(memberCalls).hasSize(1);
        assertThat(memberCalls.get(0).containsHeader("Sforce-Auto-Assign")).isFalse();
        List<String> memberLeads = new ArrayList<>();
        records(memberCalls.get(0)).forEach(member -> {
            assertThat(member.path("attributes").path("type").asText()).isEqualTo("CampaignMember");
            assertThat(member.path("CampaignId").asText()).isEqualTo("701000000000001AAA");
            assertThat(member.path("Status").asText()).isEqualTo("Responded");
            memberLeads.add(member.path("LeadId").asText());
        });
        List<Object> campaignLeads = inbox.deliveryRows().subList(0, 3).stream()
                .map(row -> row.get("result_id"))
                .toList();
        assertThat(memberLeads)
                .containsExactlyElementsOf(
                        campaignLeads.stream().map(String::valueOf).toList());
    }

    @Test
    void shouldKeepTheLeadsOfRefusedMembershipsAndDeliverTheOthers() {
        SALESFORCE.rejectCollectionRecordsContaining(
                "701000000000001AAA", "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        sendFiveTogether();

        await().atMost(Duration.ofSeconds(20)).until(() -> statesByCount().equals(Map.of("dead", 3L, "delivered", 2L)));
        List<Map<String, Object>> rows = inbox.deliveryRows();
        assertThat(rows.subList(0, 3)).allSatisfy(row -> {
            assertThat(row).containsEntry("state", "dead");
            assertThat((String) row.get("result_id")).startsWith("00Q");
            assertThat((String) row.get("last_error"))
                    .contains(row.get("result_id") + " was made", "campaign membership", "INVALID_CROSS_REFERENCE_KEY");
        });
    }

    private static JsonNode records(LoggedRequest call) {
        try {
            return JSON.readTree(call.getBodyAsString()).path("records");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
