package io.neoagent.bridge.salesforce;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The org's own rules and allowance, from the {@code salesforce:} group of {@code application.yaml} (the Lead's
 * mapping is {@code salesforce.lead}, {@link SalesforceLeadProperties}).
 *
 * @param autoAssign      the {@code Sforce-Auto-Assign} header of every lead call: {@code TRUE} (the org's active
 *                        assignment rule), {@code FALSE} (none) or an assignment rule's id; blank: not sent, so
 *                        Salesforce's default applies (the active rule)
 * @param allowDuplicates sends {@code Sforce-Duplicate-Rule-Header: allowSave=true}: a lead a duplicate rule only
 *                        alerts on is saved all the same (a rule that blocks still refuses it)
 * @param campaign        the campaign every lead joins, unless its chatbot names its own
 * @param chatbots        per chatbot ({@code SerialNumber}): its own assignment rule and campaign
 * @param task            appointments as Tasks on the conversation's lead (channel {@code salesforce-task})
 * @param apiUsage        how the org's daily API allowance is watched ({@code Sforce-Limit-Info})
 */
@ConfigurationProperties("salesforce")
public record SalesforceOrgProperties(
        String autoAssign,
        @DefaultValue("false") boolean allowDuplicates,
        @DefaultValue Campaign campaign,
        @DefaultValue Map<String, Chatbot> chatbots,
        @DefaultValue Task task,
        @DefaultValue ApiUsage apiUsage) {

    /**
     * @param id           the Campaign's id ({@code 701...}); blank: no campaign
     * @param memberStatus the CampaignMember's Status: one of the campaign's member statuses
     */
    public record Campaign(
            String id, @DefaultValue("Responded") String memberStatus) {}

    /** One chatbot's own rules; a blank value falls back to the org-wide one. */
    public record Chatbot(String autoAssign, String campaignId, String campaignMemberStatus) {}

    /**
     * @param subject the Task's Subject
     * @param fields  more Task fields by API name (e.g. {@code Priority: High}, {@code OwnerId: 005...})
     */
    public record Task(
            @DefaultValue("Appointment booked with the chatbot")
            String subject,

            @DefaultValue Map<String, String> fields) {}

    /**
     * @param warnAt     the share of the daily allowance used at which the log warns (once per crossing)
     * @param slowDownAt the share at which leads go only one by one as they come, and batches (a backlog, retries)
     *                   wait until the share falls again
     * @param recheck    while slowed down, how often the allowance is asked for when no lead call told it
     * @param channels   the channels that call Salesforce: those slowed down
     */
    public record ApiUsage(
            @DefaultValue("0.8") double warnAt,
            @DefaultValue("0.9") double slowDownAt,
            @DefaultValue("15m") Duration recheck,

            @DefaultValue({"salesforce-lead", "salesforce-task"})
            List<String> channels) {}
}
