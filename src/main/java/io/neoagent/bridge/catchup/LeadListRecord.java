package io.neoagent.bridge.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neoagent.bridge.webhook.CreateTimes;
import io.neoagent.bridge.webhook.InvalidWebhookRequestException;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Turns one record of neoagent's lead list into an event of the webhook's shape ({@link LeadListFields} says where
 * each field is found), so that it is stored, routed and delivered like one that came by webhook. Fields the mapping
 * does not name are kept as they came. A record that cannot be an event is refused with a reason that names fields,
 * never their values.
 */
final class LeadListRecord {

    private LeadListRecord() {}

    /** A record that cannot be turned into an event; the reason names no value (they hold personal data). */
    static final class Unmappable extends Exception {
        private static final long serialVersionUID = 1L;

        Unmappable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The event {@code record} of chatbot {@code chatbot}'s list stands for.
     *
     * @throws Unmappable when it is not an object, has no {@code Type}, belongs to another chatbot, or has a field
     *                    of a type the webhook would refuse
     */
    static NeoagentEvent toEvent(JsonNode record, String chatbot, LeadListFields fields) throws Unmappable {
        if (record == null || !record.isObject()) {
            throw new Unmappable("not a JSON object");
        }
        Set<String> used = new HashSet<>();
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        JsonNode serial = first(record, fields.serialNumber(), used);
        if (serial != null && !serial.isNull() && !chatbot.equals(serial.asText())) {
            throw new Unmappable("its serial number is another chatbot's");
        }
        event.put("SerialNumber", chatbot);
        JsonNode type = first(record, fields.type(), used);
        if (type == null || !type.isTextual() || type.textValue().isBlank()) {
            throw new Unmappable("no Type (fields: " + names(record) + ")");
        }
        event.put("Type", type.textValue().strip());
        JsonNode firstName = first(record, fields.firstName(), used);
        JsonNode lastName = first(record, fields.lastName(), used);
        JsonNode fullName = first(record, fields.fullName(), used);
        if (firstName == null && lastName == null && fullName != null && fullName.isTextual()) {
            String[] words = fullName.textValue().strip().split("\\s+", 2);
            putText(event, "FirstName", words[0].isEmpty() ? null : JsonNodeFactory.instance.textNode(words[0]));
            putText(event, "LastName", words.length > 1 ? JsonNodeFactory.instance.textNode(words[1]) : null);
        } else {
            putText(event, "FirstName", firstName);
            putText(event, "LastName", lastName);
        }
        putText(event, "Email", first(record, fields.email(), used));
        putText(event, "PhoneNumber", first(record, fields.phoneNumber(), used));
        JsonNode createTime = first(record, fields.createTime(), used);
        if (createTime != null && !createTime.isNull()) {
            // the webhook's form (ISO-8601, UTC) where the list writes it otherwise
            event.put(
                    "CreateTime",
                    CreateTimes.parse(createTime.asText())
                            .map(Instant::toString)
                            .orElse(createTime.asText()));
        }
        putText(event, "Content", first(record, fields.content(), used));
        JsonNode session = first(record, fields.session(), used);
        if (session != null && !session.isNull()) {
            event.set("ID session", session);
        }
        putText(event, "URI", first(record, fields.uri(), used));
        for (Iterator<Map.Entry<String, JsonNode>> rest = record.fields(); rest.hasNext(); ) {
            Map.Entry<String, JsonNode> field = rest.next();
            if (!used.contains(field.getKey()) && !event.has(field.getKey())) {
                event.set(field.getKey(), field.getValue());
            }
        }
        try {
            return NeoagentEventParser.recovered(event);
        } catch (InvalidWebhookRequestException refused) {
            throw new Unmappable(refused.getMessage());
        }
    }

    private static JsonNode first(JsonNode record, List<String> names, Set<String> used) {
        for (String name : names) {
            JsonNode value = record.get(name);
            if (value != null) {
                used.add(name);
                return value;
            }
        }
        return null;
    }

    /** Text fields as text: a phone number given as a number becomes its digits. */
    private static void putText(ObjectNode event, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isValueNode()) {
            event.put(name, value.asText());
        } else {
            // an object or array where the webhook has text: left for the parser to refuse
            event.set(name, value);
        }
    }

    private static String names(JsonNode record) {
        return StreamSupport.stream(((Iterable<String>) record::fieldNames).spliterator(), false)
                .limit(20)
                .collect(Collectors.joining(", "));
    }
}
