package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neoagent.bridge.delivery.DeliveryOutcome;
import io.neoagent.bridge.mail.EmailAddresses;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

/**
 * Builds the Salesforce Lead for an event, called from {@code routes/salesforce-lead.camel.yaml} as bean
 * {@code salesforceLead}. Only stored, validated fields go in; values are trimmed to Salesforce's field
 * lengths, an implausible e-mail address is left out (so the lead still lands), and the required LastName
 * and Company always have a value. An address Salesforce refuses all the same ({@code INVALID_EMAIL_ADDRESS})
 * moves from Email into the Description for a second call ({@link #withoutEmail}).
 */
@Component("salesforceLead")
public class SalesforceLeadMapper {

    /** Standard Lead field lengths. */
    private static final Map<String, Integer> MAX_LENGTH = Map.of(
            "FirstName",
            40,
            "LastName",
            80,
            "Email",
            80,
            "Phone",
            40,
            "Company",
            255,
            "LeadSource",
            255,
            "Description",
            32_000,
            "Website",
            255);

    private final SalesforceLeadProperties properties;
    private final SalesforceOrgRules org;
    private final ObjectMapper json;

    public SalesforceLeadMapper(SalesforceLeadProperties properties, SalesforceOrgRules org, ObjectMapper json) {
        this.properties = properties;
        this.org = org;
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
     * One sObject Collections upsert of Leads, and which event of the batch each of its records came from.
     *
     * @param payload the JSON sent to Salesforce
     * @param records its records, for a second call of some of them
     * @param eventAt for each record, the position of its event in the batch
     * @param events  how many events the batch holds
     */
    public record LeadCollection(String payload, ArrayNode records, List<Integer> eventAt, int events) {

        /** How many leads this call sends. */
        public int leads() {
            return eventAt.size();
        }
    }

    /**
     * One sObject Collections upsert of the Leads of a batch's events, each mapped as {@link #lead} maps one and keyed
     * like a single upsert. A second event of the same conversation is left out: Salesforce refuses an external id
     * twice in one call; it goes in the next.
     */
    public LeadCollection toLeadCollection(List<NeoagentEvent> events) throws IOException {
        if (!upsert()) {
            throw new IllegalStateException("sending leads in batches needs salesforce.lead.external-id-field");
        }
        String field = properties.externalIdField().strip();
        Set<String> keys = new HashSet<>();
        ArrayNode records = json.createArrayNode();
        List<Integer> eventAt = new ArrayList<>(events.size());
        String autoAssign = events.isEmpty() ? null : org.autoAssign(events.get(0));
        for (int i = 0; i < events.size(); i++) {
            NeoagentEvent event = events.get(i);
            String key = externalId(event);
            if (Objects.equals(autoAssign, org.autoAssign(event)) && keys.add(key)) {
                ObjectNode record = records.addObject();
                record.putObject("attributes").put("type", "Lead");
                lead(event).forEach(record::put);
                record.put(field, key);
                eventAt.add(i);
            }
        }
        return collection(records, eventAt, events.size());
    }

    private LeadCollection collection(ArrayNode records, List<Integer> eventAt, int events) throws IOException {
        ObjectNode upsert = json.createObjectNode().put("allOrNone", false);
        upsert.set("records", records);
        return new LeadCollection(json.writeValueAsString(upsert), records, List.copyOf(eventAt), events);
    }

    /**
     * One outcome per event of the batch, in order, from Salesforce's answer to {@code call}: the record id, the
     * record's own errors, or "not sent" for an event that was left out of the call.
     */
    public List<DeliveryOutcome> outcomes(LeadCollection call, Object response) throws IOException {
        List<DeliveryOutcome> outcomes = new ArrayList<>(call.events());
        for (int i = 0; i < call.events(); i++) {
            outcomes.add(DeliveryOutcome.notSent(
                    "an earlier event of the same conversation, or a chatbot with another assignment rule, was in this"
                            + " call"));
        }
        JsonNode results = results(response, call.leads());
        for (int i = 0; i < call.leads(); i++) {
            outcomes.set(call.eventAt().get(i), outcome(results.get(i)));
        }
        return outcomes;
    }

    /**
     * A second upsert of the leads of {@code call} whose Email Salesforce refused as invalid (its check is stricter
     * than ours), each without Email and with the address in its Description ({@link #withoutEmail}); null when
     * there are none.
     */
    public LeadCollection withoutEmail(LeadCollection call, List<DeliveryOutcome> outcomes) throws IOException {
        ArrayNode records = json.createArrayNode();
        List<Integer> eventAt = new ArrayList<>();
        for (int i = 0; i < call.leads(); i++) {
            ObjectNode record = (ObjectNode) call.records().get(i);
            int at = call.eventAt().get(i);
            if (outcomes.get(at) instanceof DeliveryOutcome.Failed failed
                    && record.has("Email")
                    && SalesforceFailureClassifier.refusesEmail(failed.error())) {
                records.add(withoutEmail(record.deepCopy()));
                eventAt.add(at);
            }
        }
        return eventAt.isEmpty() ? null : collection(records, eventAt, call.events());
    }

    /** {@code outcomes} with those of the leads sent again ({@code resent}) replaced by Salesforce's answer to it. */
    public List<DeliveryOutcome> outcomesAfterResend(
            List<DeliveryOutcome> outcomes, LeadCollection resent, Object response) throws IOException {
        List<DeliveryOutcome> updated = new ArrayList<>(outcomes);
        JsonNode results = results(response, resent.leads());
        for (int i = 0; i < resent.leads(); i++) {
            updated.set(resent.eventAt().get(i), outcome(results.get(i)));
        }
        return updated;
    }

    private JsonNode results(Object response, int expected) throws IOException {
        return results(json, response, expected, "leads");
    }

    /** The per-record results of an sObject Collections answer: one per record sent, in order. */
    static JsonNode results(ObjectMapper json, Object response, int expected, String what) throws IOException {
        JsonNode results = json.readTree(text(response));
        if (!results.isArray() || results.size() != expected) {
            throw new IllegalStateException("Salesforce answered "
                    + (results.isArray() ? results.size() + " results" : "no list") + " for " + expected + " " + what);
        }
        return results;
    }

    private static DeliveryOutcome outcome(JsonNode result) {
        if (result.path("success").asBoolean(false)) {
            JsonNode id = result.path("id");
            return DeliveryOutcome.delivered(id.isTextual() ? id.textValue() : null);
        }
        return DeliveryOutcome.failed(recordError(result));
    }

    /** One record's errors in an sObject Collections answer, with the ids of records a duplicate rule matched. */
    static SalesforceRecordException recordError(JsonNode result) {
        List<RestError> errors = new ArrayList<>();
        for (JsonNode error : result.path("errors")) {
            List<String> fields = new ArrayList<>();
            error.path("fields").forEach(name -> fields.add(name.asText()));
            errors.add(new RestError(
                    error.path("statusCode").asText(null), error.path("message").asText(""), fields));
        }
        return new SalesforceRecordException(errors, SalesforceDuplicates.matchingIds(result));
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
        return properties.externalIdField() != null
                && !properties.externalIdField().isBlank();
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
            properties
                    .chatbots()
                    .getOrDefault(event.serialNumber(), Map.of())
                    .forEach((name, value) -> put(lead, name, value));
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

    static String text(Object response) throws IOException {
        return response == null
                ? ""
                : response instanceof byte[] bytes
                        ? new String(bytes, StandardCharsets.UTF_8)
                        : response instanceof InputStream in
                                ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
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

    static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(label).append(value.strip()).append('\n');
        }
    }

    static void put(Map<String, String> lead, String field, String value) {
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
