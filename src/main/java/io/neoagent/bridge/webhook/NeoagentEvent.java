package io.neoagent.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One validated neoagent event, as stored in the inbox and as delivery reads it back.
 *
 * @param key          deduplication key: SHA-256 of {@link #payload()}, hex
 * @param payload      the event in {@code JSON.stringify} form, exactly what neoagent signed
 * @param fields       the parsed event (read-only by convention; built from {@link #payload()})
 * @param source       how it came: posted to the webhook, or recovered from neoagent's lead list
 */
public record NeoagentEvent(String key, String payload, ObjectNode fields, EventSource source) {

    /** An event posted to the webhook. */
    public NeoagentEvent(String key, String payload, ObjectNode fields) {
        this(key, payload, fields, EventSource.WEBHOOK);
    }

    public String type() {
        return text("Type");
    }

    public String serialNumber() {
        return text("SerialNumber");
    }

    /** {@code ID session}: the conversation, a number in neoagent's samples, kept as text. */
    public String sessionId() {
        JsonNode value = fields.get("ID session");
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isIntegralNumber()
                ? value.bigIntegerValue().toString()
                : value.isNumber() ? JsonStringify.number(value.doubleValue()) : value.textValue();
    }

    public String firstName() {
        return text("FirstName");
    }

    public String lastName() {
        return text("LastName");
    }

    public String email() {
        return text("Email");
    }

    public String phoneNumber() {
        return text("PhoneNumber");
    }

    public String createTime() {
        return text("CreateTime");
    }

    /** {@link #createTime()} to the second (epoch seconds): what the inbox matches events on; null when unreadable. */
    public Long createdAtSecond() {
        return CreateTimes.epochSecond(createTime());
    }

    public String content() {
        return text("Content");
    }

    public String uri() {
        return text("URI");
    }

    /** Bean-style accessor, so Camel's simple language can read {@code ${body.type}}. */
    public String getType() {
        return type();
    }

    private String text(String name) {
        JsonNode value = fields.get(name);
        return value == null ? null : value.textValue();
    }

    @Override
    public String toString() {
        // never the payload: it holds personal data
        return "NeoagentEvent[key=" + key + ", type=" + type() + ", source=" + source.value() + "]";
    }
}
