package io.neoagent.bridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The status page's sign-in cookie: {@code <expiry in unix seconds>.<HMAC-SHA256 of the expiry, keyed with the
 * admin token>}. It proves the browser once had the token without carrying it, it expires on the server's clock
 * rather than the browser's, and every such cookie stops working when {@code ADMIN_TOKEN} changes. Being stateless,
 * it works on every instance that shares the token.
 */
final class AdminSessionCookie {

    static final String NAME = "neoagent_admin";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final String PURPOSE = "neoagent-admin-session:";

    private final SecretKeySpec key;
    private final Clock clock;

    /** @param token the admin token; without one no cookie is ever valid (the page needs none then) */
    AdminSessionCookie(String token, Clock clock) {
        this.key = token == null || token.isBlank()
                ? null
                : new SecretKeySpec(token.strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** A new cookie value, valid for {@link #LIFETIME}. */
    String issue() {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        return expires + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(expires));
    }

    /** Whether this value was issued with the current token and has not expired. */
    boolean isValid(String value) {
        if (key == null || value == null) {
            return false;
        }
        int dot = value.indexOf('.');
        if (dot < 1 || dot > 19) {
            return false;
        }
        long expires;
        byte[] presented;
        try {
            expires = Long.parseLong(value.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(mac(expires), presented) && clock.instant().getEpochSecond() < expires;
    }

    private byte[] mac(long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((PURPOSE + expires).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", impossible);
        }
    }
}
