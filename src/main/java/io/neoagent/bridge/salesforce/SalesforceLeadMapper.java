package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neoagent.bridge.delivery.DeliveryOutcome;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.mail.EmailAddresses;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the Salesforce Lead for an event, called from {@code routes/lead-to-salesforce.camel.yaml} as bean
 * {@code salesforceLead}. Only stored, validated fields go in; values are trimmed to Salesforce's field
 * lengths, an implausible e-mail address is left out (so the lead still lands), and the required LastName
 * and Company always have a value. An address Salesforce refuses all the same ({@code INVALID_EMAIL_ADDRESS})
 * moves from Email into the Description for a second call ({@link #withoutEmail}).
 */
@Component("salesforceLead")
public class SalesforceLeadMapper {

    /** Standard Lead field lengths. */
    private static final Map<String, Integer> MAX_LENGTH = Map.of(
            "FirstName", 40, "LastName", 80, "Email", 80, "Phone", 40, "Company", 255,
            "LeadSource", 255, "Description", 32_000, "Website", 255);

    private final SalesforceLeadProperties properties;
    private final ObjectMapper json;

    public SalesforceLeadMapper(SalesforceLeadProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /**
     * Replaces the message body (the event) with the Lead as JSON. When upserting, also sets the
     * {@code sObjectIdName} and {@code sObjectIdValue} headers camel-salesforce reads.
     */
    public void toLead(Message message) throws IOException, org.apache.camel.InvalidPayloadException {
        NeoagentEvent event = message.getMandatoryBody(NeoagentEvent.class);
        message.setBody(json.writeValueAsString(lead(event)));
        if (upsert()) {
            message.setHeader("sObjectIdName", properties.externalIdField().strip());
            message.setHeader("sObjectIdValue", externalId(event));
        }
    }

    /**
     * Replaces the message body (the events of a batch) with one sObject Collections upsert of their Leads,
     * each mapped as {@link #lead} maps one and keyed like a single upsert. A second event of the same
     * conversation is left out: Salesforce refuses an external id twice in one call; it goes in the next.
     * Which events went in is kept in variable {@code leadsSent}, and their records in {@code leadRecords}, for
     * {@link #outcomes}.
     */
    public String toLeadCollection(List<NeoagentEvent> events, Exchange exchange) throws IOException {
        if (!upsert()) {
            throw new IllegalStateException("sending leads in batches needs salesforce.lead.external-id-field");
        }
        String field = properties.externalIdField().strip();
        Set<String> keys = new HashSet<>();
        List<Boolean> sent = new ArrayList<>(events.size());
        ObjectNode upsert = json.createObjectNode().put("allOrNone", false);
        ArrayNode records = upsert.putArray("records");
        exchange.setVariable("leadRecords", records);
        for (NeoagentEvent event : events) {
            String key = externalId(event);
            boolean first = keys.add(key);
            sent.add(first);
            if (first) {
                ObjectNode record = records.addObject();
                record.putObject("attributes").put("type", "Lead");
                lead(event).forEach(record::put);
                record.put(field, key);
            }
        }
        exchange.setVariable("leadsSent", sent);
        return json.writeValueAsString(upsert);
    }

    /**
     * One outcome per event of the batch, in order, from Salesforce's answer to {@link #toLeadCollection}: the
     * record id, the record's own errors, or "not sent" for an event that was left out. When Salesforce refused
     * some records' Email as invalid, their outcome is that error for now, and variable {@code leadsWithoutEmail}
     * holds a second upsert of just those records without Email (see {@link #withoutEmail}) for
     * {@link #outcomesWithoutEmail}; {@code leadsWithoutEmailCount} says how many.
     */
    public List<DeliveryOutcome> outcomes(Object response, Exchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        List<Boolean> sent = exchange.getVariable("leadsSent", List.class);
        ArrayNode records = exchange.getVariable("leadRecords", ArrayNode.class);
        JsonNode results = results(response, records.size());
        List<DeliveryOutcome> outcomes = new ArrayList<>(sent.size());
        List<Integer> resentAt = new ArrayList<>();
        ArrayNode resent = json.createArrayNode();
        int next = 0;
        for (boolean wasSent : sent) {
            if (!wasSent) {
                outcomes.add(DeliveryOutcome.notSent("an earlier event of the same conversation was in this call"));
                continue;
            }
            ObjectNode record = (ObjectNode) records.get(next);
            DeliveryOutcome outcome = outcome(results.get(next++));
            if (outcome instanceof DeliveryOutcome.Failed failed && record.has("Email")
                    && SalesforceFailureClassifier.refusesEmail(failed.error())) {
                resentAt.add(outcomes.size());
                resent.add(withoutEmail(record.deepCopy()));
            }
            outcomes.add(outcome);
        }
        if (!resentAt.isEmpty()) {
            ObjectNode upsert = json.createObjectNode().put("allOrNone", false);
            upsert.set("records", resent);
            exchange.setVariable("leadsWithoutEmail", json.writeValueAsString(upsert));
            exchange.setVariable("leadsWithoutEmailAt", resentAt);
            exchange.setVariable("leadsWithoutEmailCount", resentAt.size());
            exchange.setVariable("leadOutcomes", outcomes);
        }
        return outcomes;
    }

    /**
     * The batch's outcomes from {@link #outcomes}, with those of the records sent again without Email replaced by
     * Salesforce's answer to that second call.
     */
    public List<DeliveryOutcome> outcomesWithoutEmail(Object response, Exchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        List<DeliveryOutcome> outcomes = exchange.getVariable("leadOutcomes", List.class);
        @SuppressWarnings("unchecked")
        List<Integer> resentAt = exchange.getVariable("leadsWithoutEmailAt", List.class);
        JsonNode results = results(response, resentAt.size());
        for (int i = 0; i < resentAt.size(); i++) {
            outcomes.set(resentAt.get(i), outcome(results.get(i)));
        }
        return outcomes;
    }

    private JsonNode results(Object response, int expected) throws IOException {
        JsonNode results = json.readTree(text(response));
        if (!results.isArray() || results.size() != expected) {
            throw new IllegalStateException("Salesforce answered " + (results.isArray() ? results.size() + " results" : "no list")
                    + " for " + expected + " leads");
        }
        return results;
    }

    private static DeliveryOutcome outcome(JsonNode result) {
        if (result.path("success").asBoolean(false)) {
            JsonNode id = result.path("id");
            return DeliveryOutcome.delivered(id.isTextual() ? id.textValue() : null);
        }
        List<RestError> errors = new ArrayList<>();
        for (JsonNode error : result.path("errors")) {
            List<String> fields = new ArrayList<>();
            error.path("fields").forEach(name -> fields.add(name.asText()));
            errors.add(new RestError(error.path("statusCode").asText(null), error.path("message").asText(""), fields));
        }
        return DeliveryOutcome.failed(new SalesforceRecordException(errors));
    }

    /**
     * The lead (the JSON sent) without Email, the address kept at the end of the Description so staff still see
     * it; every other field, the upsert key too, unchanged. For a lead {@link SalesforceRefusedTheEmail} matches.
     */
    public String withoutEmail(String lead) throws IOException {
        return json.writeValueAsString(withoutEmail((ObjectNode) json.readTree(lead)));
    }

    private static ObjectNode withoutEmail(ObjectNode lead) {
        JsonNode email = lead.remove("Email");
        if (email == null) {
            return lead;
        }
        String note = "E-mail (Salesforce refused it as invalid): " + email.asText();
        String description = lead.path("Description").asText("");
        int room = MAX_LENGTH.get("Description") - note.length() - 2;
        if (description.length() > room) {
            description = description.substring(0, room);
        }
        lead.put("Description", description.isEmpty() ? note : description + "\n\n" + note);
        return lead;
    }

    boolean upsert() {
        return properties.externalIdField() != null && !properties.externalIdField().isBlank();
    }

    /** The Lead fields for {@code event}, in a stable order. */
    public Map<String, String> lead(NeoagentEvent event) {
        Map<String, String> lead = new LinkedHashMap<>();
        put(lead, "FirstName", event.firstName());
        String lastName = event.lastName();
        put(lead, "LastName", lastName == null || lastName.isBlank() ? properties.lastNamePlaceholder() : lastName);
        String email = event.email();
        if (isPlausibleEmail(email)) {
            put(lead, "Email", email.strip());
        }
        put(lead, "Phone", event.phoneNumber());
        put(lead, "Company", properties.company());
        put(lead, "LeadSource", properties.leadSource());
        put(lead, "Description", description(event));
        properties.fields().forEach((name, value) -> put(lead, name, value));
        if (event.serialNumber() != null) {
            properties.chatbots().getOrDefault(event.serialNumber(), Map.of()).forEach((name, value) -> put(lead, name, value));
        }
        return lead;
    }

    /**
     * {@code <SerialNumber>:<ID session>}: the same for every event of one conversation. When either is missing
     * or blank, the event's own key (SHA-256 of its payload, the inbox's {@code event_key}): a conversation
     * cannot be told, and {@code :} or {@code <SerialNumber>:} would make unrelated leads overwrite one Lead.
     */
    static String externalId(NeoagentEvent event) {
        String serialNumber = event.serialNumber();
        String session = event.sessionId();
        if (serialNumber == null || serialNumber.isBlank() || session == null || session.isBlank()) {
            return event.key();
        }
        return serialNumber + ":" + session;
    }

    /** The record id from camel-salesforce's raw response, or null when the response has none (an upsert update). */
    public String recordId(Object response) throws IOException {
        String text = text(response);
        if (text.isBlank()) {
            return null;
        }
        JsonNode id = json.readTree(text).path("id");
        return id.isTextual() ? id.textValue() : null;
    }

    private static String text(Object response) throws IOException {
        return response == null ? "" : response instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : response instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                : response.toString();
    }

    private static String description(NeoagentEvent event) {
        StringBuilder text = new StringBuilder();
        line(text, "", event.content());
        if (!text.isEmpty()) {
            text.append('\n');
        }
        line(text, "Source page: ", event.uri());
        line(text, "Chatbot: ", event.serialNumber());
        line(text, "Conversation (ID session): ", event.sessionId());
        line(text, "Received by the chatbot: ", event.createTime());
        return text.toString().strip();
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(label).append(value.strip()).append('\n');
        }
    }

    private static void put(Map<String, String> lead, String field, String value) {
        if (value == null || value.isBlank()) {
            lead.remove(field);
            return;
        }
        String trimmed = value.strip();
        int max = MAX_LENGTH.getOrDefault(field, 255);
        lead.put(field, trimmed.length() <= max ? trimmed : trimmed.substring(0, max));
    }

    /** A bare, strictly valid address short enough for the Email field. */
    static boolean isPlausibleEmail(String email) {
        return EmailAddresses.isPlausible(email, MAX_LENGTH.get("Email"));
    }
}
