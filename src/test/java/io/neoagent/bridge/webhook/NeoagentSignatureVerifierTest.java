package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neoagent.bridge.webhook.SignatureVerificationException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NeoagentSignatureVerifierTest {

    private static final String OTHER_KEY = "rotated-key";

    private final NeoagentSignatureVerifier verifier =
            new NeoagentSignatureVerifier(List.of(SignedRequest.KEY), Duration.ofSeconds(300), SignedRequest.CLOCK);

    private void assertAccepted(SignedRequest request) {
        assertThatCode(() -> verifier.verify(request.bytes(), request.header())).doesNotThrowAnyException();
    }

    private void assertRejected(SignedRequest request, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(request.bytes(), request.header()))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessage(reason.message())
                .extracting(e -> ((SignatureVerificationException) e).getReason())
                .isEqualTo(reason);
    }

    @Test
    void shouldAcceptValidSignature() {
        assertAccepted(SignedRequest.valid());
    }

    @Test
    void shouldRejectTamperedBody() {
        assertRejected(
                SignedRequest.valid().withTamperedBody(SignedRequest.LEAD.replace("David", "Mallory")),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldRejectMissingHeader() {
        assertThatThrownBy(() -> verifier.verify(SignedRequest.valid().bytes(), null))
                .hasMessage("missing X-Webhook-Signature header");
    }

    @Test
    void shouldRejectEmptyHeader() {
        assertRejected(SignedRequest.valid().withHeader(""), Reason.MISSING_HEADER);
        assertRejected(SignedRequest.valid().withHeader("   "), Reason.MISSING_HEADER);
    }

    @Test
    void shouldRejectGarbageHeader() {
        assertRejected(SignedRequest.valid().withHeader("garbage"), Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("=,=,="), Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("\u0000\u00ff t"), Reason.MALFORMED_HEADER);
        assertRejected(
                SignedRequest.valid()
                        .withHeader("t=1700764581,t=1700764581,v1="
                                + SignedRequest.valid().signatureHex()),
                Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("t=1,v1=" + "a".repeat(5000)), Reason.MALFORMED_HEADER);
    }

    @Test
    void shouldRejectHeaderWithoutTimestamp() {
        assertRejected(
                SignedRequest.valid().withHeader("v1=" + SignedRequest.valid().signatureHex()),
                Reason.MALFORMED_HEADER);
    }

    @Test
    void shouldRejectNonNumericTimestamp() {
        String v1 = SignedRequest.valid().signatureHex();
        assertRejected(SignedRequest.valid().withHeader("t=abc,v1=" + v1), Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("t=1700764581.5,v1=" + v1), Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("t=-1700764581,v1=" + v1), Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("t=,v1=" + v1), Reason.MALFORMED_HEADER);
        assertRejected(SignedRequest.valid().withHeader("t=99999999999999999999,v1=" + v1), Reason.MALFORMED_HEADER);
    }

    @Test
    void shouldTolerateWhitespaceAroundElements() {
        SignedRequest request = SignedRequest.valid();
        assertAccepted(request.withHeader(" t = " + request.timestamp() + " ,  v1= " + request.signatureHex() + " "));
    }

    @Test
    void shouldRejectV0Only() {
        SignedRequest request = SignedRequest.valid();
        assertRejected(
                request.withHeader("t=" + request.timestamp() + ",v0=" + request.signatureHex()),
                Reason.NO_V1_SIGNATURE);
    }

    @Test
    void shouldIgnoreUnknownSchemesBesideV1() {
        SignedRequest request = SignedRequest.valid();
        assertAccepted(request.withHeader("t=" + request.timestamp() + ",v0=abc,v2=def,v1=" + request.signatureHex()));
    }

    @Test
    void shouldAcceptValidV1AfterInvalidOne() {
        SignedRequest request = SignedRequest.valid();
        assertAccepted(request.withHeader(
                "t=" + request.timestamp() + ",v1=" + "0".repeat(64) + ",v1=" + request.signatureHex()));
    }

    @Test
    void shouldAcceptValidV1BeforeInvalidOne() {
        SignedRequest request = SignedRequest.valid();
        assertAccepted(request.withHeader(
                "t=" + request.timestamp() + ",v1=" + request.signatureHex() + ",v1=" + "0".repeat(64)));
    }

    @Test
    void shouldRejectSeveralInvalidV1() {
        SignedRequest request = SignedRequest.valid();
        assertRejected(
                request.withHeader("t=" + request.timestamp() + ",v1=" + "0".repeat(64) + ",v1=" + "f".repeat(64)),
                Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldRejectNonHexSignature() {
        SignedRequest request = SignedRequest.valid();
        String nonHex = "z" + request.signatureHex().substring(1);
        assertRejected(request.withHeader("t=" + request.timestamp() + ",v1=" + nonHex), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldRejectShortSignature() {
        SignedRequest request = SignedRequest.valid();
        String prefix = request.signatureHex().substring(0, 32);
        assertRejected(request.withHeader("t=" + request.timestamp() + ",v1=" + prefix), Reason.SIGNATURE_MISMATCH);
        assertRejected(request.withHeader("t=" + request.timestamp() + ",v1="), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldAcceptUppercaseHex() {
        SignedRequest request = SignedRequest.valid();
        assertAccepted(request.withHeader(
                "t=" + request.timestamp() + ",v1=" + request.signatureHex().toUpperCase(Locale.ROOT)));
    }

    @Test
    void shouldAcceptTimestampExactlyAtToleranceInThePast() {
        assertAccepted(SignedRequest.valid().at(SignedRequest.NOW.minusSeconds(300)));
    }

    @Test
    void shouldRejectStaleTimestamp() {
        assertRejected(SignedRequest.valid().withStaleTimestamp(), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void shouldAcceptTimestampExactlyAtToleranceInTheFuture() {
        assertAccepted(SignedRequest.valid().at(SignedRequest.NOW.plusSeconds(300)));
    }

    @Test
    void shouldRejectFutureTimestamp() {
        assertRejected(SignedRequest.valid().at(SignedRequest.NOW.plusSeconds(301)), Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void shouldRejectWrongKey() {
        assertRejected(SignedRequest.valid().signedWith("not-the-key"), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldAcceptSecondConfiguredKey() {
        NeoagentSignatureVerifier rotating = new NeoagentSignatureVerifier(
                List.of(OTHER_KEY, SignedRequest.KEY), Duration.ofSeconds(300), SignedRequest.CLOCK);
        SignedRequest request = SignedRequest.valid();
        assertThatCode(() -> rotating.verify(request.bytes(), request.header())).doesNotThrowAnyException();
        SignedRequest withOther = SignedRequest.valid().signedWith(OTHER_KEY);
        assertThatCode(() -> rotating.verify(withOther.bytes(), withOther.header()))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseToStartWithoutKeys() {
        assertThatThrownBy(() -> new NeoagentSignatureVerifier(List.of(), Duration.ofSeconds(300), SignedRequest.CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Expected hex from: printf '%s' "1700764581.$BODY" | openssl dgst -sha256 -hmac whsec_known_answer_key */
    @Test
    void shouldMatchKnownAnswerComputedWithOpenssl() {
        String header = NeoagentSignatureVerifier.sign(
                "whsec_known_answer_key", 1700764581L, SignedRequest.LEAD.getBytes(StandardCharsets.UTF_8));
        assertThat(header)
                .isEqualTo("t=1700764581,v1=8a87e54c4424a0fc256a11ca91c0c1ae76436ed4de4edec92db3004e082b41b5");
    }

    /**
     * A pretty-printed body with non-ASCII text, escaped slashes, a control character and numbers that
     * JavaScript prints differently, signed in its JSON.stringify form. The form and the hex were produced
     * by node's JSON.stringify(JSON.parse(body)) and openssl dgst -hmac.
     */
    @Test
    void shouldAcceptPrettyPrintedBodySignedInJsonStringifyForm() throws IOException {
        String pretty = """
                {
                  "Type": "Appointment",
                  "FirstName": "Zoë",
                  "Content": "Tue 10:00 / room \\"A\\"\\u0007",
                  "URI": "https:\\/\\/example.com\\/book",
                  "n": [1.0, 1e21, -0, 0.1, 1E-7]
                }""";
        NeoagentSignatureVerifier knownKey = new NeoagentSignatureVerifier(
                List.of("whsec_known_answer_key"),
                Duration.ofSeconds(300),
                java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1700764581L), java.time.ZoneOffset.UTC));
        assertThatCode(() -> knownKey.verify(
                        pretty.getBytes(StandardCharsets.UTF_8),
                        "t=1700764581,v1=8dbad6f2891e9f4aef8eb30106298a00eb103c50f51c2b74ca8bc7b90d6351a5"))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptBodySignedInJsonStringifyFormWithReorderedIntegerKeys() {
        String sent = "{\"b\":1,\"2\":2}";
        String signedForm = "{\"2\":2,\"b\":1}";
        String header = SignedRequest.of(signedForm).header();
        assertAccepted(SignedRequest.of(sent).withHeader(header));
    }

    @Test
    void shouldRejectUnparseableBodyThatDoesNotMatchRawBytes() {
        SignedRequest request = SignedRequest.of("{\"a\":1}");
        assertRejected(request.withTamperedBody("{\"a\":1"), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldRejectStringifyFormSignedWithWrongKey() {
        String header = SignedRequest.of("{\"a\":1}").signedWith("not-the-key").header();
        assertRejected(SignedRequest.of("{ \"a\" : 1 }").withHeader(header), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldRejectStaleTimestampBeforeLookingAtTheSignature() {
        SignedRequest staleAndForged =
                SignedRequest.valid().withStaleTimestamp().signedWith("not-the-key");

        assertRejected(staleAndForged, Reason.TIMESTAMP_OUT_OF_TOLERANCE);
    }

    @Test
    void shouldRebuildTheStringifyFormOfABodyUpToTheExpressLimit() {
        String padding = "x".repeat(NeoagentSignatureVerifier.MAX_REBUILD_BYTES - 40);
        String signedForm = "{\"Type\":\"Lead\",\"Content\":\"" + padding + "\"}";
        String sent = "{ \"Type\" : \"Lead\", \"Content\" : \"" + padding + "\" }";
        assertThat(sent.length()).isLessThanOrEqualTo(NeoagentSignatureVerifier.MAX_REBUILD_BYTES);

        assertAccepted(
                SignedRequest.of(sent).withHeader(SignedRequest.of(signedForm).header()));
    }

    @Test
    void shouldNotRebuildABodyOverTheExpressLimit() {
        String padding = "x".repeat(NeoagentSignatureVerifier.MAX_REBUILD_BYTES);
        String signedForm = "{\"Type\":\"Lead\",\"Content\":\"" + padding + "\"}";
        String sent = "{ \"Type\" : \"Lead\", \"Content\" : \"" + padding + "\" }";

        assertRejected(
                SignedRequest.of(sent).withHeader(SignedRequest.of(signedForm).header()), Reason.SIGNATURE_MISMATCH);
        assertAccepted(SignedRequest.of(signedForm));
    }

    @Test
    void shouldNotRebuildNestingDeeperThanTheRebuildLimit() {
        int depth = NeoagentSignatureVerifier.MAX_REBUILD_NESTING + 1;
        String signedForm = "[".repeat(depth) + "]".repeat(depth);
        String sent = "[ ".repeat(depth) + "]".repeat(depth);

        assertRejected(
                SignedRequest.of(sent).withHeader(SignedRequest.of(signedForm).header()), Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void shouldRejectAHeaderWithoutAWellFormedV1AsAMismatch() {
        assertRejected(
                SignedRequest.valid().withHeader("t=" + SignedRequest.NOW.getEpochSecond() + ",v1=zz"),
                Reason.SIGNATURE_MISMATCH);
    }
}
