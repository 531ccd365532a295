package io.neoagent.bridge.alerts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code alerts:} group of {@code application.yaml}: who is told when a channel fails, and when.
 *
 * @param emailTo       comma-separated addresses the alerts are e-mailed to (through the staff e-mail's SMTP
 *                      server); blank: no e-mail
 * @param webhookUrl    a URL the same alert is POSTed to as {@code {"text": ...}} (a Slack or Teams incoming
 *                      webhook); blank: none
 * @param failingFor    a channel whose deliveries have been failing this long, without a success meanwhile, is an
 *                      incident (a delivery that goes dead is one at once)
 * @param checkInterval how often each bridge looks at its channels
 * @param maxPerHour    at most this many incident alerts in an hour across all bridges; the rest wait their turn
 */
@ConfigurationProperties("alerts")
public record AlertProperties(
        String emailTo,
        String webhookUrl,
        @DefaultValue("15m") Duration failingFor,
        @DefaultValue("30s") Duration checkInterval,
        @DefaultValue("6") int maxPerHour) {}
