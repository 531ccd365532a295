package io.neoagent.bridge.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceLeadMapperTest {

    private final SalesforceLeadMapper mapper = new SalesforceLeadMapper(
            new SalesforceLeadProperties(
                    null,
                    "ACME",
                    "(not given)",
                    "Chatbot",
                    Map.of("Status", "Open - Not Contacted"),
                    Map.of("bot-2", Map.of("LeadSource", "Support bot", "Company", "Support Inc"))),
            SalesforceOrgRulesTest.rules(null, Map.of()),
            new ObjectMapper());

    private static NeoagentEvent event(String json) throws Exception {
        return new NeoagentEventParser(1 << 20, 100)
                .parse(json.getBytes(StandardCharsets.UTF_8))
                .get(0);
    }

    @Test
    void shouldUsePlaceholderWhenLastNameIsMissing() throws Exception {
        assertThat(mapper.lead(event("{\"FirstName\":\"Ann\",\"LastName\":\"  \"}")))
                .containsEntry("LastName", "(not given)");
    }

    @Test
    void shouldDropImplausibleEmailButKeepTheLead() throws Exception {
        Map<String, String> lead = mapper.lead(event("{\"LastName\":\"Lee\",\"Email\":\"not an address\"}"));

        assertThat(lead).doesNotContainKey("Email").containsEntry("LastName", "Lee");
    }

    @Test
    void shouldJudgeEmailPlausibility() {
        assertThat(SalesforceLeadMapper.isPlausibleEmail("test@qq.com")).isTrue();
        assertThat(SalesforceLeadMapper.isPlausibleEmail(" a.b+c@sub.example.org "))
                .isTrue();
        assertThat(SalesforceLeadMapper.isPlausibleEmail("test@localhost")).isFalse();
        assertThat(SalesforceLeadMapper.isPlausibleEmail("Ann <ann@example.com>"))
                .isFalse();
        assertThat(SalesforceLeadMapper.isPlausibleEmail("a@b.com, c@d.com")).isFalse();
        assertThat(SalesforceLeadMapper.isPlausibleEmail("x".repeat(80) + "@example.com"))
                .isFalse();
        assertThat(SalesforceLeadMapper.isPlausibleEmail("")).isFalse();
    }

    @Test
    void shouldTrimValuesToSalesforceFieldLengths() throws Exception {
        Map<String, String> lead = mapper.lead(
                event("{\"FirstName\":\"" + "F".repeat(60) + "\",\"LastName\":\"" + "L".repeat(100) + "\"}"));

        assertThat(lead.get("FirstName")).hasSize(40);
        assertThat(lead.get("LastName")).hasSize(80);
    }

    @Test
    void shouldApplyDefaultsThenPerChatbotOverrides() throws Exception {
        assertThat(mapper.lead(event("{\"SerialNumber\":\"bot-1\",\"LastName\":\"A\"}")))
                .containsEntry("Company", "ACME")
                .containsEntry("LeadSource", "Chatbot")
                .containsEntry("Status", "Open - Not Contacted");
        assertThat(mapper.lead(event("{\"SerialNumber\":\"bot-2\",\"LastName\":\"A\"}")))
                .containsEntry("Company", "Support Inc")
                .containsEntry("LeadSource", "Support bot");
    }

    @Test
    void shouldKeyUpsertsOnChatbotAndSession() throws Exception {
        assertThat(SalesforceLeadMapper.externalId(event("{\"SerialNumber\":\"bot-1\",\"ID session\":31305}")))
                .isEqualTo("bot-1:31305");
    }

    @Test
    void shouldUpsertOnTheEventKeyWhenTheSessionIsMissing() throws Exception {
        NeoagentEvent event = event("{\"SerialNumber\":\"bot-1\",\"LastName\":\"Lee\"}");

        assertThat(SalesforceLeadMapper.externalId(event))
                .isEqualTo(event.key())
                .hasSize(64);
    }

    @Test
    void shouldUpsertOnTheEventKeyWhenTheChatbotIsMissing() throws Exception {
        NeoagentEvent event = event("{\"ID session\":31305,\"LastName\":\"Lee\"}");

        assertThat(SalesforceLeadMapper.externalId(event)).isEqualTo(event.key());
    }

    @Test
    void shouldUpsertOnTheEventKeyWhenChatbotOrSessionIsBlank() throws Exception {
        NeoagentEvent event = event("{\"SerialNumber\":\" \",\"ID session\":\"\",\"LastName\":\"Lee\"}");

        assertThat(SalesforceLeadMapper.externalId(event)).isEqualTo(event.key());
    }

    @Test
    void shouldKeepUnrelatedLeadsWithoutASessionApart() throws Exception {
        assertThat(SalesforceLeadMapper.externalId(event("{\"LastName\":\"Lee\"}")))
                .isNotEqualTo(SalesforceLeadMapper.externalId(event("{\"LastName\":\"Kim\"}")));
    }

    @Test
    void shouldMoveARefusedAddressFromEmailToTheEndOfTheDescription() throws Exception {
        String lead = new ObjectMapper()
                .writeValueAsString(mapper.lead(
                        event("{\"LastName\":\"Lee\",\"Email\":\"lee@example.con\",\"Content\":\"call me\"}")));

        JsonNode again = new ObjectMapper().readTree(mapper.withoutEmail(lead));

        assertThat(again.has("Email")).isFalse();
        assertThat(again.path("Description").asText())
                .isEqualTo("call me\n\nE-mail (Salesforce refused it as invalid): lee@example.con");
        assertThat(again.path("LastName").asText()).isEqualTo("Lee");
    }

    @Test
    void shouldKeepARefusedAddressWithinTheDescriptionsLength() throws Exception {
        String lead = new ObjectMapper()
                .writeValueAsString(
                        mapper.lead(event("{\"LastName\":\"Lee\",\"Email\":\"lee@example.con\",\"Content\":\""
                                + "x".repeat(40_000) + "\"}")));

        String description = new ObjectMapper()
                .readTree(mapper.withoutEmail(lead))
                .path("Description")
                .asText();

        assertThat(description).hasSize(32_000).endsWith("E-mail (Salesforce refused it as invalid): lee@example.con");
    }
}
