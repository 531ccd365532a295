package io.neoagent.bridge.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.neoagent.bridge.mail.MailProperties;
import io.neoagent.bridge.mail.StaffEmailProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a day's digest is due, how long a failed one waits, and when the digest is off: without a database. */
class DailyDigestScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static DailyDigest digest(String to, String host, String from, LocalTime time, Duration retryDelay) {
        return new DailyDigest(
                new DigestProperties(
                        to, time, false, 3, Duration.ofMinutes(1), Duration.ofMinutes(10), retryDelay, 200),
                new MailProperties(host, 587, null, null, "starttls", from, Duration.ofSeconds(30)),
                new StaffEmailProperties(BERLIN, Map.of(), Map.of()),
                null,
                null,
                null,
                null,
                null,
                Clock.systemUTC(),
                "");
    }

    static DailyDigest at(LocalTime time) {
        return digest("boss@shop.example", "smtp.shop.example", "bridge@shop.example", time, Duration.ofMinutes(5));
    }

    @Test
    void shouldMakeYesterdaysDigestDueAtTheConfiguredTimeInTheZone() {
        DailyDigest digest = at(LocalTime.of(7, 0));

        // 06:59 and 07:00 in Berlin (UTC+1 in January)
        assertThat(digest.latestDue(Instant.parse("2026-01-15T05:59:00Z"))).isEqualTo(LocalDate.of(2026, 1, 13));
        assertThat(digest.latestDue(Instant.parse("2026-01-15T06:00:00Z"))).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(digest.dueAt(LocalDate.of(2026, 1, 14))).isEqualTo(Instant.parse("2026-01-15T06:00:00Z"));
    }

    @Test
    void shouldMakeADigestDueAnHourLaterWhenItsTimeFallsInTheSpringForwardGap() {
        // 02:30 does not exist in Berlin on 29 March 2026: the clocks go from 02:00 to 03:00
        DailyDigest digest = at(LocalTime.of(2, 30));

        assertThat(digest.dueAt(LocalDate.of(2026, 3, 28))).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void shouldDoubleTheWaitAfterEachFailureUpToAnHour() {
        DailyDigest digest = at(LocalTime.of(7, 0));

        assertThat(digest.retryDelay(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(digest.retryDelay(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(digest.retryDelay(4)).isEqualTo(Duration.ofMinutes(40));
        assertThat(digest.retryDelay(5)).isEqualTo(Duration.ofHours(1));
        assertThat(digest.retryDelay(60)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldLinkTheStatusPageOnlyWhenThePublicAdminUrlIsSet() {
        assertThat(DailyDigest.statusUrl("https://admin.shop.example/"))
                .isEqualTo("https://admin.shop.example/admin/status");
        assertThat(DailyDigest.statusUrl("https://shop.example/bridge"))
                .isEqualTo("https://shop.example/bridge/admin/status");
        assertThat(DailyDigest.statusUrl(" ")).isNull();
        assertThat(DailyDigest.statusUrl(null)).isNull();
    }

    @Test
    void shouldBeOffWithoutRecipientsSmtpOrAValidSender() {
        Duration delay = Duration.ofMinutes(5);
        LocalTime time = LocalTime.of(7, 0);

        assertThat(at(time).enabled()).isTrue();
        assertThat(digest("", "smtp.shop.example", "bridge@shop.example", time, delay)
                        .enabled())
                .isFalse();
        assertThat(digest("boss@shop.example", "", "bridge@shop.example", time, delay)
                        .enabled())
                .isFalse();
        assertThat(digest("boss@shop.example", "smtp.shop.example", "", time, delay)
                        .enabled())
                .isFalse();
        assertThat(digest("boss@shop.example, not an address", "smtp.shop.example", "bridge@shop.example", time, delay)
                        .enabled())
                .isFalse();
        // off, it never reads the inbox (there is none here)
        assertThat(digest("", "smtp.shop.example", "bridge@shop.example", time, delay)
                        .claimDue())
                .isEmpty();
    }
}
