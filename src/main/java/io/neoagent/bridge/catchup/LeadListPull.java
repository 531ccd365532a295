package io.neoagent.bridge.catchup;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call to neoagent's lead list: a chatbot's records created from {@code startTime} to {@code endTime} (UTC
 * dates, as neoagent's API takes them), what the catch-up route sends and hands back with the reply.
 *
 * @param manual part of a catch-up an operator asked for (admin API, status page), not the periodic pull
 */
public record LeadListPull(String chatbot, LocalDate startTime, LocalDate endTime, boolean manual, String apiKey) {

    /** The request body: {@code {"serialNumber": ..., "startTime": "YYYY-MM-DD", "endTime": "YYYY-MM-DD"}}. */
    public Map<String, String> getRequest() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("serialNumber", chatbot);
        request.put("startTime", startTime.toString());
        request.put("endTime", endTime.toString());
        return request;
    }

    /** The {@code Authorization} header: neoagent takes the key as it is, without {@code Bearer}. */
    public String getAuthorization() {
        return apiKey;
    }

    @Override
    public String toString() {
        // never the key
        return "chatbot " + chatbot + " from " + startTime + " to " + endTime;
    }
}
