package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neoagent.bridge.delivery.DeliveryOutcome;
import io.neoagent.bridge.delivery.PartlyDeliveredException;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The org's own rules for each lead, called from {@code routes/salesforce-lead.camel.yaml} as bean
 * {@code salesforceOrg}: the assignment rule and duplicate rule headers of a lead call, and the campaign a lead
 * joins. From {@code salesforce.*} in {@code application.yaml} ({@link SalesforceOrgProperties}), per chatbot
 * first. Checked as the bridge starts: a value Salesforce would refuse fails the start, not every lead.
 */
@Component("salesforceOrg")
public class SalesforceOrgRules {

    /** Read by camel-salesforce: every message header named {@code Sforce-*} goes with its call. */
    public static final String AUTO_ASSIGN = "Sforce-Auto-Assign";

    public static final String DUPLICATE_RULE = "Sforce-Duplicate-Rule-Header";

    /** A Salesforce record id of 15 or 18 characters with the given key prefix. */
    private static final Pattern ASSIGNMENT_RULE_ID = Pattern.compile("01Q[0-9A-Za-z]{12}([0-9A-Za-z]{3})?");

    private static final Pattern CAMPAIGN_ID = Pattern.compile("701[0-9A-Za-z]{12}([0-9A-Za-z]{3})?");

    private final SalesforceOrgProperties properties;
    private final ObjectMapper json;

    public SalesforceOrgRules(SalesforceOrgProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
        check("salesforce.auto-assign", properties.autoAssign(), this::autoAssignValue);
        check("salesforce.campaign.id", properties.campaign().id(), SalesforceOrgRules::campaignId);
        properties.chatbots().forEach((chatbot, rules) -> {
            check("salesforce.chatbots." + chatbot + ".auto-assign", rules.autoAssign(), this::autoAssignValue);
            check(
                    "salesforce.chatbots." + chatbot + ".campaign-id",
                    rules.campaignId(),
                    SalesforceOrgRules::campaignId);
        });
    }

    private static void check(String key, String value, java.util.function.Function<String, String> parse) {
        if (!blank(value)) {
            try {
                String unused = parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Sets the rule headers of one lead call for the event in the body (a single lead) or the first event of the
     * list (a batch: {@link SalesforceLeadMapper#toLeadCollection} puts only events with the same rules in one call).
     */
    public void ruleHeaders(Message message) {
        Object body = message.getBody();
        NeoagentEvent event =
                body instanceof List<?> events ? (NeoagentEvent) events.get(0) : message.getBody(NeoagentEvent.class);
        String autoAssign = autoAssign(event);
        if (autoAssign == null) {
            message.removeHeader(AUTO_ASSIGN);
        } else {
            message.setHeader(AUTO_ASSIGN, autoAssign);
        }
        if (properties.allowDuplicates()) {
            message.setHeader(DUPLICATE_RULE, "allowSave=true");
        } else {
            message.removeHeader(DUPLICATE_RULE);
        }
    }

    /** The {@code Sforce-Auto-Assign} value for the event's chatbot, or null when none is configured. */
    public String autoAssign(NeoagentEvent event) {
        SalesforceOrgProperties.Chatbot chatbot = chatbot(event);
        String value = chatbot != null && !blank(chatbot.autoAssign()) ? chatbot.autoAssign() : properties.autoAssign();
        return blank(value) ? null : autoAssignValue(value);
    }

    private String autoAssignValue(String value) {
        String trimmed = value.strip();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (upper.equals("TRUE") || upper.equals("FALSE")) {
            return upper;
        }
        if (ASSIGNMENT_RULE_ID.matcher(trimmed).matches()) {
            return trimmed;
        }
        throw new IllegalArgumentException(
                "TRUE, FALSE or an assignment rule's id (15 or 18 characters starting 01Q), not '" + trimmed + "'");
    }

    private static String campaignId(String value) {
        String trimmed = value.strip();
        if (!CAMPAIGN_ID.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(
                    "a Campaign's id (15 or 18 characters starting 701), not '" + trimmed + "'");
        }
        return trimmed;
    }

    /** The campaign a lead of this event joins, and as what; null when its chatbot has none. */
    public record CampaignMembership(String campaignId, String status) {}

    public CampaignMembership campaign(NeoagentEvent event) {
        SalesforceOrgProperties.Chatbot chatbot = chatbot(event);
        String id = chatbot != null && !blank(chatbot.campaignId())
                ? chatbot.campaignId()
                : properties.campaign().id();
        if (blank(id)) {
            return null;
        }
        String status = chatbot != null && !blank(chatbot.campaignMemberStatus())
                ? chatbot.campaignMemberStatus()
                : properties.campaign().memberStatus();
        return new CampaignMembership(campaignId(id), status.strip());
    }

    /**
     * The CampaignMember to create for the lead {@code leadId} of {@code event}, as JSON; null when the event's
     * chatbot has no campaign, or Salesforce gave no lead id.
     */
    public String campaignMember(NeoagentEvent event, String leadId) throws IOException {
        CampaignMembership campaign = campaign(event);
        if (campaign == null || blank(leadId)) {
            return null;
        }
        return json.writeValueAsString(
                Map.of("CampaignId", campaign.campaignId(), "LeadId", leadId, "Status", campaign.status()));
    }

    /**
     * Fails the delivery after its lead {@code leadId} was made and its campaign membership failed: the lead's id is
     * kept with the delivery, so the next attempt or a replay makes only the membership.
     */
    public void membershipFailed(String leadId, Exception error) throws PartlyDeliveredException {
        throw new PartlyDeliveredException(leadId, "its campaign membership failed", error);
    }

    /**
     * The CampaignMembers of a batch's delivered leads whose chatbot has a campaign, for one sObject Collections
     * create, and which event each came from.
     */
    public record CampaignMembers(String payload, List<Integer> eventAt, List<String> leadIds) {}

    /** The batch's memberships to make, or null when none of its delivered leads has a campaign. */
    public CampaignMembers campaignMembers(List<NeoagentEvent> events, List<DeliveryOutcome> outcomes)
            throws IOException {
        ArrayNode records = json.createArrayNode();
        List<Integer> eventAt = new ArrayList<>();
        List<String> leadIds = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CampaignMembership campaign = campaign(events.get(i));
            if (campaign != null
                    && outcomes.get(i) instanceof DeliveryOutcome.Delivered delivered
                    && !blank(delivered.resultId())) {
                ObjectNode record = records.addObject();
                record.putObject("attributes").put("type", "CampaignMember");
                record.put("CampaignId", campaign.campaignId())
                        .put("LeadId", delivered.resultId())
                        .put("Status", campaign.status());
                eventAt.add(i);
                leadIds.add(delivered.resultId());
            }
        }
        if (eventAt.isEmpty()) {
            return null;
        }
        ObjectNode create = json.createObjectNode().put("allOrNone", false);
        create.set("records", records);
        return new CampaignMembers(json.writeValueAsString(create), List.copyOf(eventAt), List.copyOf(leadIds));
    }

    /**
     * {@code outcomes} after Salesforce's answer to the memberships: a lead whose membership was made, or existed
     * already ({@code DUPLICATE_VALUE}), stays delivered; one whose membership failed fails with its lead's id kept.
     */
    public List<DeliveryOutcome> outcomesAfterMembers(
            List<DeliveryOutcome> outcomes, CampaignMembers members, Object response) throws IOException {
        List<DeliveryOutcome> updated = new ArrayList<>(outcomes);
        JsonNode results =
                SalesforceLeadMapper.results(json, response, members.eventAt().size(), "campaign members");
        for (int i = 0; i < members.eventAt().size(); i++) {
            JsonNode result = results.get(i);
            if (result.path("success").asBoolean(false) || alreadyAMember(result.path("errors"))) {
                continue;
            }
            updated.set(
                    members.eventAt().get(i),
                    DeliveryOutcome.failed(new PartlyDeliveredException(
                            members.leadIds().get(i),
                            "its campaign membership failed",
                            SalesforceLeadMapper.recordError(result))));
        }
        return updated;
    }

    /** Salesforce's answer when the lead is a member of the campaign already: {@code DUPLICATE_VALUE}. */
    static boolean alreadyAMember(JsonNode errors) {
        for (JsonNode error : errors) {
            String code =
                    error.path("statusCode").asText(error.path("errorCode").asText(""));
            if (code.equals("DUPLICATE_VALUE")) {
                return true;
            }
        }
        return false;
    }

    private SalesforceOrgProperties.Chatbot chatbot(NeoagentEvent event) {
        return event.serialNumber() == null ? null : properties.chatbots().get(event.serialNumber());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
