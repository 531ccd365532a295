package io.neoagent.bridge.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies neoagent's {@code X-Webhook-Signature: t=<unix seconds>,v1=<hex>} header, where the hex is
 * HMAC-SHA256(key, {@code t + "." + body}).
 *
 * <p>The raw request bytes are tried first. neoagent's documented reference receiver hashes
 * {@code JSON.stringify} of the parsed body instead, so when the raw bytes do not match, the body is
 * re-serialised in that form ({@link JsonStringify}) and tried again: every request the reference
 * accepts is accepted here. Any configured key may match (key rotation); several {@code v1} values may
 * be present and any may match; other schemes are ignored. Signatures are compared as decoded bytes in
 * constant time. {@code t} must lie within the tolerance of the clock in both directions.
 *
 * <p>Cheapest checks first, so unsigned junk costs little: the header's shape, then {@code t}, then one HMAC over
 * the raw bytes; only when that fails is the body parsed and rebuilt, and only when it is at most
 * {@value #MAX_REBUILD_BYTES} bytes (the reference receiver's {@code express.json()} limit, so everything the
 * reference accepts is still accepted), with strict parser limits.
 *
 * <p>No Camel or Spring types: this is the unit the security of the intake rests on, and it is tested
 * on its own.
 */
public final class NeoagentSignatureVerifier {

    /** The header neoagent signs its requests with. */
    public static final String HEADER = "X-Webhook-Signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;
    private static final int MAX_HEADER_LENGTH = 4096;
    private static final int MAX_TIMESTAMP_DIGITS = 12;
    private static final int MAX_REBUILD_NUMBER_LENGTH = 400;
    private static final HexFormat HEX = HexFormat.of();

    /** The largest body rebuilt in {@code JSON.stringify} form: {@code express.json()}'s default limit, 100 kB. */
    public static final int MAX_REBUILD_BYTES = 102_400;
    /** Nesting the rebuild accepts: far more than an event has, far less than would exhaust the stack. */
    static final int MAX_REBUILD_NESTING = 64;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxDocumentLength(MAX_REBUILD_BYTES)
                            .maxNestingDepth(MAX_REBUILD_NESTING)
                            .maxNumberLength(MAX_REBUILD_NUMBER_LENGTH)
                            .maxStringLength(MAX_REBUILD_BYTES)
                            .build())
                    .build())
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<SecretKeySpec> keys;
    private final Duration tolerance;
    private final Clock clock;

    /**
     * @param keys      signing keys; any one may match. Used as their UTF-8 bytes, as Node.js does.
     * @param tolerance accepted difference between {@code t} and the clock, either way
     * @param clock     the time to check {@code t} against
     */
    public NeoagentSignatureVerifier(List<String> keys, Duration tolerance, Clock clock) {
        if (keys.isEmpty() || keys.stream().anyMatch(key -> key == null || key.isEmpty())) {
            throw new IllegalArgumentException("at least one non-empty signing key is required");
        }
        this.keys = keys.stream()
                .map(key -> new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .toList();
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * Returns normally when {@code header} is a valid signature of {@code body}.
     *
     * @throws SignatureVerificationException with the reason otherwise
     */
    public void verify(byte[] body, String header) throws SignatureVerificationException {
        SignatureHeader parsed = SignatureHeader.parse(header);
        long age = clock.instant().getEpochSecond() - parsed.timestamp();
        if (Math.abs(age) > tolerance.toSeconds()) {
            throw new SignatureVerificationException(SignatureVerificationException.Reason.TIMESTAMP_OUT_OF_TOLERANCE);
        }
        String prefix = parsed.timestamp() + ".";
        boolean matched = !parsed.signatures().isEmpty()
                && (matches(parsed.signatures(), prefix, body)
                        || matchesStringifyForm(parsed.signatures(), prefix, body));
        if (!matched) {
            throw new SignatureVerificationException(SignatureVerificationException.Reason.SIGNATURE_MISMATCH);
        }
    }

    private boolean matchesStringifyForm(List<byte[]> signatures, String prefix, byte[] body) {
        if (body.length > MAX_REBUILD_BYTES) {
            return false;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException notJson) {
            return false;
        }
        if (parsed == null || !parsed.isContainerNode()) {
            return false;
        }
        return matches(signatures, prefix, JsonStringify.stringify(parsed).getBytes(StandardCharsets.UTF_8));
    }

    private boolean matches(List<byte[]> signatures, String prefix, byte[] payload) {
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, prefix, payload);
            for (byte[] signature : signatures) {
                // no early exit: the time taken does not depend on which key or value matched
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched;
    }

    private static byte[] hmac(SecretKeySpec key, String prefix, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(prefix.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * The header value neoagent would send for {@code payload} at {@code timestamp}: for tests, the test
     * sender and anyone checking a deployment.
     */
    public static String sign(String key, long timestamp, byte[] payload) {
        byte[] mac = hmac(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM), timestamp + ".", payload);
        return "t=" + timestamp + ",v1=" + HEX.formatHex(mac);
    }

    /** The parsed header: one timestamp and every well-formed {@code v1} signature. */
    private record SignatureHeader(long timestamp, List<byte[]> signatures) {

        static SignatureHeader parse(String header) throws SignatureVerificationException {
            if (header == null || header.isBlank()) {
                throw new SignatureVerificationException(SignatureVerificationException.Reason.MISSING_HEADER);
            }
            if (header.length() > MAX_HEADER_LENGTH) {
                throw new SignatureVerificationException(SignatureVerificationException.Reason.MALFORMED_HEADER);
            }
            Long timestamp = null;
            int v1Count = 0;
            List<byte[]> signatures = new ArrayList<>();
            for (String element : header.split(",", -1)) {
                int equals = element.indexOf('=');
                if (equals < 0) {
                    throw new SignatureVerificationException(SignatureVerificationException.Reason.MALFORMED_HEADER);
                }
                String name = element.substring(0, equals).strip();
                String value = element.substring(equals + 1).strip();
                if (name.equals("t")) {
                    if (timestamp != null) {
                        throw new SignatureVerificationException(
                                SignatureVerificationException.Reason.MALFORMED_HEADER);
                    }
                    timestamp = parseTimestamp(value);
                } else if (name.equals("v1")) {
                    v1Count++;
                    byte[] decoded = decodeSignature(value);
                    if (decoded != null) {
                        signatures.add(decoded);
                    }
                } else if (name.isEmpty()) {
                    throw new SignatureVerificationException(SignatureVerificationException.Reason.MALFORMED_HEADER);
                }
                // other schemes (v0, future versions) are ignored
            }
            if (timestamp == null) {
                throw new SignatureVerificationException(SignatureVerificationException.Reason.MALFORMED_HEADER);
            }
            if (v1Count == 0) {
                throw new SignatureVerificationException(SignatureVerificationException.Reason.NO_V1_SIGNATURE);
            }
            return new SignatureHeader(timestamp, signatures);
        }

        private static long parseTimestamp(String value) throws SignatureVerificationException {
            if (value.isEmpty()
                    || value.length() > MAX_TIMESTAMP_DIGITS
                    || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new SignatureVerificationException(SignatureVerificationException.Reason.MALFORMED_HEADER);
            }
            return Long.parseLong(value);
        }

        /** The signature bytes, or null for a value that cannot be an HMAC-SHA256 (it then matches nothing). */
        private static byte[] decodeSignature(String value) {
            if (value.length() != SIGNATURE_BYTES * 2) {
                return null;
            }
            try {
                return HEX.parseHex(value);
            } catch (IllegalArgumentException notHex) {
                return null;
            }
        }
    }
}
