package io.neoagent.bridge.salesforce;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code salesforce.lead:} group of {@code application.yaml}: how a neoagent event becomes a Lead.
 *
 * @param externalIdField     when set, leads are upserted on this field with the key
 *                            {@code <SerialNumber>:<ID session>}, one lead per conversation (the event's own key
 *                            when either is missing); otherwise created
 * @param company             Company for every lead (Salesforce requires one; the chatbot does not ask)
 * @param lastNamePlaceholder LastName when the visitor gave none (Salesforce requires one)
 * @param leadSource          LeadSource for every lead
 * @param fields              more Lead fields set on every lead (API names, e.g. {@code Status: Open})
 * @param chatbots            per chatbot ({@code SerialNumber}): Lead fields that replace the defaults,
 *                            e.g. {@code LeadSource}, {@code Company}, {@code OwnerId}, a campaign field
 */
@ConfigurationProperties("salesforce.lead")
public record SalesforceLeadProperties(
        String externalIdField,
        @DefaultValue("Unknown (chatbot lead)") String company,
        @DefaultValue("(not given)") String lastNamePlaceholder,
        @DefaultValue("Chatbot") String leadSource,
        @DefaultValue Map<String, String> fields,
        @DefaultValue Map<String, Map<String, String>> chatbots) {}
