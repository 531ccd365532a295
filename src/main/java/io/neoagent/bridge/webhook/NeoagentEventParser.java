package io.neoagent.bridge.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Turns a verified request body into events, with hard limits: strict JSON (no duplicate keys, nothing
 * after the value), bounded nesting and number length, one event object or an array of at most
 * {@code maxBatchSize}, and the fields neoagent documents of the type it documents. Every rejection is an
 * {@link InvalidWebhookRequestException} (400) with a message that names no request value.
 */
public final class NeoagentEventParser {

    static final int MAX_NESTING_DEPTH = 16;
    static final int MAX_NUMBER_LENGTH = 64;

    private static final Set<String> TEXT_FIELDS = Set.of(
            "SerialNumber", "Type", "FirstName", "LastName", "Email", "PhoneNumber", "CreateTime", "Content", "URI");
    private static final String SESSION_FIELD = "ID session";

    private final ObjectMapper json;
    private final int maxBatchSize;

    public NeoagentEventParser(int maxBodyBytes, int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(maxBodyBytes)
                        .build())
                .build();
        this.json = JsonMapper.builder(factory).build();
    }

    /** The events in {@code body}, in order. */
    public List<NeoagentEvent> parse(byte[] body) throws InvalidWebhookRequestException {
        JsonNode root = readStrict(body);
        List<NeoagentEvent> events = new ArrayList<>();
        if (root.isObject()) {
            events.add(toEvent((ObjectNode) root, "event"));
        } else if (root.isArray()) {
            if (root.isEmpty()) {
                throw InvalidWebhookRequestException.badRequest("batch holds no events");
            }
            if (root.size() > maxBatchSize) {
                throw InvalidWebhookRequestException.badRequest("batch holds more than " + maxBatchSize + " events");
            }
            for (int i = 0; i < root.size(); i++) {
                JsonNode element = root.get(i);
                if (!element.isObject()) {
                    throw InvalidWebhookRequestException.badRequest(
                            "event " + i + " of the batch is not a JSON object");
                }
                events.add(toEvent((ObjectNode) element, "event " + i + " of the batch"));
            }
        } else {
            throw InvalidWebhookRequestException.badRequest("body must be an event object or an array of events");
        }
        return events;
    }

    private JsonNode readStrict(byte[] body) throws InvalidWebhookRequestException {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() == null) {
                throw InvalidWebhookRequestException.badRequest("body is empty");
            }
            JsonNode root = json.readTree(parser);
            if (parser.nextToken() != null) {
                throw InvalidWebhookRequestException.badRequest("body has data after the JSON value");
            }
            return root;
        } catch (StreamConstraintsException tooBig) {
            throw InvalidWebhookRequestException.badRequest("JSON nested deeper than " + MAX_NESTING_DEPTH
                    + " levels or a number longer than " + MAX_NUMBER_LENGTH + " digits");
        } catch (JsonParseException invalid) {
            String message = String.valueOf(invalid.getOriginalMessage());
            if (message.startsWith("Duplicate field")) {
                throw InvalidWebhookRequestException.badRequest("JSON object has a duplicate key");
            }
            if (message.contains("UTF-8") || message.contains("UTF8")) {
                throw InvalidWebhookRequestException.badRequest("body is not valid UTF-8");
            }
            throw InvalidWebhookRequestException.badRequest("body is not valid JSON");
        } catch (IOException invalid) {
            throw InvalidWebhookRequestException.badRequest("body is not valid JSON");
        }
    }

    /**
     * A record of neoagent's lead list, already in the webhook's shape, as an event of source catch-up: held to the
     * same field types as a webhook event, its key the SHA-256 of its {@code JSON.stringify} form like theirs.
     *
     * @throws InvalidWebhookRequestException when a field has a type the webhook would refuse
     */
    public static NeoagentEvent recovered(ObjectNode fields) throws InvalidWebhookRequestException {
        NeoagentEvent event = toEvent(fields, "record");
        return new NeoagentEvent(event.key(), event.payload(), event.fields(), EventSource.CATCH_UP);
    }

    private static NeoagentEvent toEvent(ObjectNode fields, String where) throws InvalidWebhookRequestException {
        for (String name : TEXT_FIELDS) {
            JsonNode value = fields.get(name);
            if (value != null && !value.isTextual() && !value.isNull()) {
                throw InvalidWebhookRequestException.badRequest(where + ": " + name + " must be a string");
            }
        }
        JsonNode session = fields.get(SESSION_FIELD);
        if (session != null && !session.isNumber() && !session.isTextual() && !session.isNull()) {
            throw InvalidWebhookRequestException.badRequest(
                    where + ": " + SESSION_FIELD + " must be a number or a string");
        }
        String payload = JsonStringify.stringify(fields);
        return new NeoagentEvent(sha256(payload.getBytes(StandardCharsets.UTF_8)), payload, fields);
    }

    /** SHA-256 of {@code bytes}, hex: the inbox's event keys (the {@code JSON.stringify} form, or an invalid body). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
