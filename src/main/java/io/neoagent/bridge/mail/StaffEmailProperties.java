package io.neoagent.bridge.mail;

import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code staff-email:} group of {@code application.yaml}: who gets the e-mails about appointments (and,
 * when switched on, leads), and how they read.
 *
 * @param timeZone     zone the times in the e-mails are shown in
 * @param chatbotNames a readable name per chatbot ({@code SerialNumber}), shown instead of the number
 * @param recipients   per e-mail channel: the default recipients and per-chatbot ones
 */
@ConfigurationProperties("staff-email")
public record StaffEmailProperties(
        @DefaultValue("UTC") ZoneId timeZone,
        @DefaultValue Map<String, String> chatbotNames,
        @DefaultValue Map<String, Recipients> recipients) {

    /**
     * Who gets one channel's e-mails.
     *
     * @param to       comma-separated addresses for every chatbot without its own list
     * @param chatbots comma-separated addresses per chatbot ({@code SerialNumber}), replacing {@code to}
     */
    public record Recipients(String to, @DefaultValue Map<String, String> chatbots) {}
}
