package io.neoagent.bridge.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neoagent.bridge.delivery.WaitingForDeliveryException;
import io.neoagent.bridge.inbox.DeliveryState;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.webhook.NeoagentEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Appointments as Salesforce Tasks (channel {@code salesforce-task}), called from
 * {@code routes/salesforce-lead.camel.yaml} as bean {@code salesforceTask}: which Lead a Task goes on, and the Task.
 * The Lead is the one the same conversation's lead event made through the {@code salesforce-lead} channel, read from
 * the inbox, so the appointment shows in that lead's activity.
 */
@Component("salesforceTask")
public class SalesforceTasks {

    /** The channel whose deliveries made the conversations' Leads. */
    static final String LEAD_CHANNEL = "salesforce-lead";

    private final InboxRepository inbox;
    private final SalesforceOrgProperties properties;
    private final ObjectMapper json;

    public SalesforceTasks(InboxRepository inbox, SalesforceOrgProperties properties, ObjectMapper json) {
        this.inbox = inbox;
        this.properties = properties;
        this.json = json;
    }

    /**
     * The id of the Lead the event's conversation made: of its newest lead event that made one. Null when the
     * conversation made none and will not (no lead event, or its lead is dead or held), or the event names no
     * conversation: the Task then goes on no lead.
     *
     * @throws WaitingForDeliveryException while a lead of the conversation is still on its way: the Task is tried
     *                                     again later, so it is not made beside its lead
     */
    public String leadOf(NeoagentEvent event) throws WaitingForDeliveryException {
        String chatbot = event.serialNumber();
        String session = event.sessionId();
        if (chatbot == null || chatbot.isBlank() || session == null || session.isBlank()) {
            return null;
        }
        List<InboxRepository.ConversationDelivery> leads = inbox.conversationDeliveries(chatbot, session, LEAD_CHANNEL);
        for (InboxRepository.ConversationDelivery lead : leads) {
            if (lead.resultId() != null && !lead.resultId().isBlank()) {
                return lead.resultId();
            }
        }
        String waitingFor = leads.stream()
                .filter(lead -> lead.state() == DeliveryState.PENDING || lead.state() == DeliveryState.RETRYING)
                .map(lead -> String.valueOf(lead.eventId()))
                .collect(Collectors.joining(", "));
        if (!waitingFor.isEmpty()) {
            throw new WaitingForDeliveryException("waiting for the conversation's lead (event " + waitingFor
                    + ") to reach Salesforce, to put the Task on it");
        }
        return null;
    }

    /** The Task for the appointment {@code event}, as JSON: on the Lead {@code leadId}, or on none when null. */
    public String toTask(NeoagentEvent event, String leadId) throws IOException {
        Map<String, String> task = new LinkedHashMap<>();
        SalesforceLeadMapper.put(task, "Subject", properties.task().subject());
        SalesforceLeadMapper.put(task, "Description", description(event));
        SalesforceLeadMapper.put(task, "WhoId", leadId);
        properties.task().fields().forEach((name, value) -> SalesforceLeadMapper.put(task, name, value));
        return json.writeValueAsString(task);
    }

    /** The appointment's details as the chatbot took them, who booked it, and where it came from. */
    private static String description(NeoagentEvent event) {
        StringBuilder text = new StringBuilder();
        SalesforceLeadMapper.line(text, "", event.content());
        if (!text.isEmpty()) {
            text.append('\n');
        }
        String name = Stream.of(event.firstName(), event.lastName())
                .filter(part -> part != null && !part.isBlank())
                .map(String::strip)
                .collect(Collectors.joining(" "));
        SalesforceLeadMapper.line(text, "Booked by: ", name);
        SalesforceLeadMapper.line(text, "Email: ", event.email());
        SalesforceLeadMapper.line(text, "Phone: ", event.phoneNumber());
        SalesforceLeadMapper.line(text, "Source page: ", event.uri());
        SalesforceLeadMapper.line(text, "Chatbot: ", event.serialNumber());
        SalesforceLeadMapper.line(text, "Conversation (ID session): ", event.sessionId());
        SalesforceLeadMapper.line(text, "Booked with the chatbot: ", event.createTime());
        return text.toString().strip();
    }
}
