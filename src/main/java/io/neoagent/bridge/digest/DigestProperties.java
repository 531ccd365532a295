package io.neoagent.bridge.digest;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code digest:} group of {@code application.yaml}: the daily e-mail of the day's events, its counts and
 * failures, with the events attached as JSON. Its time zone is the staff e-mails' ({@code staff-email.time-zone}).
 *
 * @param to          recipients, comma-separated; empty: the digest is off
 * @param time        when a day's digest is due, on the following day (local time)
 * @param sendEmpty   whether a day with no events gets a digest too
 * @param catchUpDays a digest not sent when due (the bridge was down, SMTP failed) is still sent this many days after
 *                    it fell due, oldest first; older days are given up
 * @param tick        how often the route looks for a digest that is due
 * @param lease       how long a claimed day is held before another instance may take it over (after a crash)
 * @param retryDelay  wait after a failed send, doubled after each further failure, up to an hour
 * @param maxListed   most leads and appointments (and failed deliveries) listed in the body; the attachment has all
 */
@ConfigurationProperties("digest")
public record DigestProperties(
        @DefaultValue("") String to,
        @DefaultValue("07:00") LocalTime time,
        @DefaultValue("false") boolean sendEmpty,
        @DefaultValue("3") int catchUpDays,
        @DefaultValue("1m") Duration tick,
        @DefaultValue("10m") Duration lease,
        @DefaultValue("5m") Duration retryDelay,
        @DefaultValue("200") int maxListed) {}
