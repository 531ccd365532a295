package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * The records a duplicate rule matched, from Salesforce's {@code DUPLICATES_DETECTED} answer: its
 * {@code duplicateResult.matchResults[].matchRecords[].record} carry their {@code Id}. A refused lead's reason names
 * them, so whoever handles the dead delivery opens the existing record instead of searching for it.
 */
final class SalesforceDuplicates {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** At most this many ids in a reason: a rule matching more says so in its count. */
    private static final int MAX_IDS = 10;

    private SalesforceDuplicates() {}

    /** The matched records' ids anywhere in {@code answer} (one error, a list of errors, a record's result). */
    static List<String> matchingIds(JsonNode answer) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode matchRecords : answer.findValues("matchRecords")) {
            for (JsonNode match : matchRecords) {
                JsonNode record = match.path("record");
                String id = record.path("Id").asText("");
                if (id.isEmpty()) {
                    String url = record.path("attributes").path("url").asText("");
                    id = url.substring(url.lastIndexOf('/') + 1);
                }
                if (!id.isEmpty() && ids.size() < MAX_IDS) {
                    ids.add(id);
                }
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The matched records' ids of a single call's refusal: its body, which camel-salesforce keeps as the exception's
     * response content (and, read once already, at the end of its message).
     */
    static List<String> matchingIds(SalesforceException error) {
        if (error instanceof SalesforceRecordException record) {
            return record.duplicateIds();
        }
        if (error.getErrors() == null
                || error.getErrors().stream().noneMatch(e -> "DUPLICATES_DETECTED".equals(e.getErrorCode()))) {
            return List.of();
        }
        String body = body(error);
        if (body == null) {
            return List.of();
        }
        try {
            return matchingIds(JSON.readTree(body));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String body(SalesforceException error) {
        InputStream content = error.getResponseContent();
        if (content != null && content.markSupported()) {
            try {
                content.reset();
                String body = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                content.reset();
                if (!body.isBlank()) {
                    return body;
                }
            } catch (IOException e) {
                // read from the message instead
            }
        }
        String message = String.valueOf(error.getMessage());
        int start = message.indexOf('[');
        return start < 0 ? null : message.substring(start);
    }
}
