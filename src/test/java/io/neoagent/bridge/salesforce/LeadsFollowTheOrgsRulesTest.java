package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.delivery.DeliveryDispatcher;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * The org's own rules on each lead call, and campaign membership, against the Salesforce stand-in: leads are created
 * here (no external id), so a retry that made the lead twice would show as a second create.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES,
            "salesforce.auto-assign=FALSE",
            "salesforce.allow-duplicates=true",
            "salesforce.chatbots.59001dd73709417321c58b11693183a2.auto-assign=01Q000000000001AAA",
            "salesforce.chatbots.59001dd73709417321c58b11693183a2.campaign-id=701000000000001AAA",
            "salesforce.chatbots.59001dd73709417321c58b11693183a2.campaign-member-status=Sent"
        })
class LeadsFollowTheOrgsRulesTest {

    static final String OTHER_CHATBOT =
            SignedRequest.LEAD.replace("59001dd73709417321c58b11693183a2", "7c3f0e51b0a14d2e9f6a8b4c2d1e0f99");

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
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        webhook = new WebhookClient(port);
    }

    private void awaitStates(String... states) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates().equals(List.of(states)));
    }

    @Test
    void shouldSendTheChatbotsAssignmentRuleAndTheDuplicateRuleHeaderWithEachLead() {
        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:delivered");
        webhook.postSigned(OTHER_CHATBOT);
        awaitStates("salesforce-lead:delivered", "salesforce-lead:delivered");

        List<LoggedRequest> creates = SALESFORCE.leadCreates();
        assertThat(creates).hasSize(2);
        assertThat(creates.get(0).getHeader("Sforce-Auto-Assign")).isEqualTo("01Q000000000001AAA");
        assertThat(creates.get(1).getHeader("Sforce-Auto-Assign")).isEqualTo("FALSE");
        assertThat(creates)
                .allSatisfy(create -> assertThat(create.getHeader("Sforce-Duplicate-Rule-Header"))
                        .isEqualTo("allowSave=true"));
    }

    @Test
    void shouldMakeTheLeadACampaignMemberOnceAcrossARetryWithoutMakingTheLeadAgain() throws Exception {
        SALESFORCE.failCampaignMembersFirst(
                1, 503, "[{\"message\":\"Server unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");

        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:delivered");

        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        List<LoggedRequest> members = SALESFORCE.campaignMemberCreates();
        assertThat(members).hasSize(2);
        JsonNode member = new ObjectMapper().readTree(members.get(1).getBodyAsString());
        assertThat(member.path("CampaignId").asText()).isEqualTo("701000000000001AAA");
        assertThat(member.path("LeadId").asText()).isEqualTo("00Q000000000001AAA");
        assertThat(member.path("Status").asText()).isEqualTo("Sent");
        // the membership call carries none of the lead call's headers
        assertThat(members.get(1).containsHeader("Sforce-Auto-Assign")).isFalse();
        assertThat(inbox.onlyDelivery()).containsEntry("result_id", "00Q000000000001AAA");
        // the other chatbot has no campaign
        webhook.postSigned(OTHER_CHATBOT);
        awaitStates("salesforce-lead:delivered", "salesforce-lead:delivered");
        assertThat(SALESFORCE.campaignMemberCreates()).hasSize(2);
    }

    @Test
    void shouldTakeALeadThatIsAMemberAlreadyAsDone() {
        SALESFORCE.answerCampaignMembers(
                400, "[{\"message\":\"Already a campaign member.\",\"errorCode\":\"DUPLICATE_VALUE\",\"fields\":[]}]");

        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:delivered");

        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        assertThat(SALESFORCE.campaignMemberCreates()).hasSize(1);
    }

    @Test
    void shouldKeepTheLeadOfARefusedMembershipAndReplayOnlyTheMembership() {
        SALESFORCE.answerCampaignMembers(
                400,
                "[{\"message\":\"invalid cross reference id\",\"errorCode\":\"INVALID_CROSS_REFERENCE_KEY\","
                        + "\"fields\":[\"CampaignId\"]}]");

        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:dead");
        Map<String, Object> dead = inbox.onlyDelivery();
        assertThat((String) dead.get("last_error"))
                .contains("00Q000000000001AAA was made", "campaign membership", "INVALID_CROSS_REFERENCE_KEY");
        assertThat(dead).containsEntry("result_id", "00Q000000000001AAA");

        // the campaign fixed in Salesforce, the delivery replayed: only the membership is made
        SALESFORCE.answerCampaignMembers(201, "{\"id\":\"00v000000000009AAA\",\"success\":true,\"errors\":[]}");
        assertThat(dispatcher.replay(((Number) dead.get("id")).longValue())).isEqualTo(1);
        awaitStates("salesforce-lead:delivered");

        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        assertThat(SALESFORCE.campaignMemberCreates()).hasSize(2);
        assertThat(inbox.onlyDelivery()).containsEntry("result_id", "00Q000000000001AAA");
    }

    @Test
    void shouldNameTheMatchingRecordWhenADuplicateRuleBlocksTheLead() {
        SALESFORCE.answerLeads(
                400,
                "[{\"duplicateResult\":{\"allowSave\":false,\"duplicateRule\":\"Standard_Lead_Duplicate_Rule\","
                        + "\"duplicateRuleEntityType\":\"Lead\",\"errorMessage\":\"Use one of these records?\","
                        + "\"matchResults\":[{\"entityType\":\"Lead\",\"errors\":[],\"matchEngine\":\"FuzzyMatchEngine\","
                        + "\"matchRecords\":[{\"additionalInformation\":[],\"fieldDiffs\":[],\"matchConfidence\":100.0,"
                        + "\"record\":{\"attributes\":{\"type\":\"Lead\",\"url\":\"/services/data/v62.0/sobjects/Lead/"
                        + "00Q00000000DUP1AAA\"},\"Id\":\"00Q00000000DUP1AAA\"}}],\"rule\":\"Standard_Lead_Match_Rule\","
                        + "\"size\":1,\"success\":true}]},\"errorCode\":\"DUPLICATES_DETECTED\",\"fields\":[],"
                        + "\"message\":\"Use one of these records?\"}]");

        webhook.postSigned(SignedRequest.LEAD);
        awaitStates("salesforce-lead:dead");

        assertThat((String) inbox.onlyDelivery().get("last_error"))
                .contains("DUPLICATES_DETECTED", "matching record 00Q00000000DUP1AAA");
        assertThat(SALESFORCE.campaignMemberCreates()).isEmpty();
    }
}
