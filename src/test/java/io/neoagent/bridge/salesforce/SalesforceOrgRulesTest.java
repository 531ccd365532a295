package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceOrgRulesTest {

    static SalesforceOrgRules rules(String autoAssign, Map<String, SalesforceOrgProperties.Chatbot> chatbots) {
        return new SalesforceOrgRules(
                new SalesforceOrgProperties(
                        autoAssign,
                        false,
                        new SalesforceOrgProperties.Campaign(null, "Responded"),
                        chatbots,
                        new SalesforceOrgProperties.Task("Appointment", Map.of()),
                        new SalesforceOrgProperties.ApiUsage(
                                0.8, 0.9, Duration.ofMinutes(15), java.util.List.of("salesforce-lead"))),
                new ObjectMapper());
    }

    private static NeoagentEvent lead(String serialNumber) throws Exception {
        return new NeoagentEventParser(1 << 20, 100)
                .parse(("{\"SerialNumber\":\"" + serialNumber + "\",\"Type\":\"Lead\",\"LastName\":\"Garcia\"}")
                        .getBytes(StandardCharsets.UTF_8))
                .get(0);
    }

    @Test
    void shouldTakeTheChatbotsAssignmentRuleOverTheOrgWideOne() throws Exception {
        SalesforceOrgRules rules =
                rules("true", Map.of("bot-2", new SalesforceOrgProperties.Chatbot("01Q000000000001AAA", null, null)));

        assertThat(rules.autoAssign(lead("bot-1"))).isEqualTo("TRUE");
        assertThat(rules.autoAssign(lead("bot-2"))).isEqualTo("01Q000000000001AAA");
        assertThat(rules(null, Map.of()).autoAssign(lead("bot-1"))).isNull();
    }

    @Test
    void shouldRefuseToStartOnAnAssignmentRuleSalesforceWouldRefuse() {
        assertThatThrownBy(() -> rules("yes", Map.of()))
                .hasMessageContaining("salesforce.auto-assign")
                .hasMessageContaining("TRUE, FALSE or an assignment rule's id");
        assertThatThrownBy(() -> rules(
                        null, Map.of("bot-2", new SalesforceOrgProperties.Chatbot(null, "00Q000000000001AAA", null))))
                .hasMessageContaining("salesforce.chatbots.bot-2.campaign-id");
    }

    @Test
    void shouldMakeACampaignMemberOnlyForAChatbotWithACampaign() throws Exception {
        SalesforceOrgRules rules =
                rules(null, Map.of("bot-2", new SalesforceOrgProperties.Chatbot(null, "701000000000001AAA", "Sent")));

        assertThat(rules.campaignMember(lead("bot-1"), "00Q000000000001AAA")).isNull();
        assertThat(new ObjectMapper().readTree(rules.campaignMember(lead("bot-2"), "00Q000000000001AAA")))
                .isEqualTo(new ObjectMapper()
                        .readTree("{\"CampaignId\":\"701000000000001AAA\",\"LeadId\":\"00Q000000000001AAA\","
                                + "\"Status\":\"Sent\"}"));
        assertThat(rules.campaignMember(lead("bot-2"), null)).isNull();
    }
}
