package io.neoagent.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AdminSessionCookieTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static AdminSessionCookie at(String token, Instant now) {
        return new AdminSessionCookie(token, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void shouldAcceptWhatItIssuedUntilItExpires() {
        String value = at("admin-token", NOW).issue();
        assertThat(at("admin-token", NOW).isValid(value)).isTrue();
        assertThat(at("admin-token", NOW.plus(AdminSessionCookie.LIFETIME).minusSeconds(1))
                        .isValid(value))
                .isTrue();
        assertThat(at("admin-token", NOW.plus(AdminSessionCookie.LIFETIME)).isValid(value))
                .isFalse();
    }

    @Test
    void shouldNotCarryTheToken() {
        assertThat(at("admin-token", NOW).issue()).doesNotContain("admin-token");
        assertThat(at("admin-token", NOW).isValid("admin-token")).isFalse();
    }

    @Test
    void shouldStopAcceptingCookiesOnceTheTokenIsRotated() {
        String value = at("old-token", NOW).issue();
        assertThat(at("new-token", NOW).isValid(value)).isFalse();
    }

    @Test
    void shouldRefuseAnExpiryMovedLater() {
        String value = at("admin-token", NOW).issue();
        String expiry = value.substring(0, value.indexOf('.'));
        String later =
                (Long.parseLong(expiry) + Duration.ofDays(365).toSeconds()) + value.substring(value.indexOf('.'));
        assertThat(at("admin-token", NOW.plus(Duration.ofDays(1))).isValid(later))
                .isFalse();
    }

    @Test
    void shouldRefuseMalformedValuesWithoutThrowing() {
        AdminSessionCookie cookie = at("admin-token", NOW);
        for (String value :
                new String[] {"", ".", "abc", "12.", ".abc", "x.y", "99999999999999999999999.abc", "1.2.3", "1.%%%"}) {
            assertThat(cookie.isValid(value)).as(value).isFalse();
        }
        assertThat(cookie.isValid(null)).isFalse();
    }
}
