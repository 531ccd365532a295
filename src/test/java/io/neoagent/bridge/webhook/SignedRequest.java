package io.neoagent.bridge.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A neoagent webhook request as the sender would make it, for tests: a body and its
 * {@code X-Webhook-Signature} header, signed with {@link #KEY} at {@link #NOW} unless changed.
 */
public final class SignedRequest {

    public static final String KEY = "test-signing-key";
    public static final Instant NOW = Instant.parse("2023-11-23T18:36:21Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    public static final String LEAD = """
            {"SerialNumber":"59001dd73709417321c58b11693183a2","Type":"Lead","FirstName":"David",\
            "LastName":"Garcia","Email":"test@qq.com","PhoneNumber":"","CreateTime":"2023-11-23T18:36:21.512302Z",\
            "Content":"test","ID session":31305,"URI":"www.google.com"}""";

    private final String body;
    private final String key;
    private final long timestamp;
    private final String header;

    private SignedRequest(String body, String key, long timestamp, String header) {
        this.body = body;
        this.key = key;
        this.timestamp = timestamp;
        this.header = header;
    }

    /** The sample lead from neoagent's documentation, correctly signed at {@link #NOW}. */
    public static SignedRequest valid() {
        return new SignedRequest(LEAD, KEY, NOW.getEpochSecond(), null);
    }

    /** A correctly signed request for {@code body} at {@link #NOW}. */
    public static SignedRequest of(String body) {
        return valid().withBody(body);
    }

    public SignedRequest withBody(String newBody) {
        return new SignedRequest(newBody, key, timestamp, header);
    }

    public SignedRequest signedWith(String newKey) {
        return new SignedRequest(body, newKey, timestamp, header);
    }

    public SignedRequest at(long epochSecond) {
        return new SignedRequest(body, key, epochSecond, header);
    }

    public SignedRequest at(Instant instant) {
        return at(instant.getEpochSecond());
    }

    public SignedRequest withStaleTimestamp() {
        return at(NOW.minusSeconds(301));
    }

    /** Signs the request, then sends the body with {@code otherBody} instead. */
    public SignedRequest withTamperedBody(String otherBody) {
        return new SignedRequest(otherBody, key, timestamp, header());
    }

    /** Sends this header value as it is. */
    public SignedRequest withHeader(String rawHeader) {
        return new SignedRequest(body, key, timestamp, rawHeader);
    }

    /** The hex signature of the body, as the sender computes it. */
    public String signatureHex() {
        String value = NeoagentSignatureVerifier.sign(key, timestamp, bytes());
        return value.substring(value.indexOf("v1=") + 3);
    }

    public long timestamp() {
        return timestamp;
    }

    public String body() {
        return body;
    }

    public byte[] bytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public String header() {
        return header != null ? header : NeoagentSignatureVerifier.sign(key, timestamp, bytes());
    }
}
