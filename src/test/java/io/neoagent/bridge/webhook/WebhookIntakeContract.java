package io.neoagent.bridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.RawHttp;
import io.neoagent.bridge.inbox.InboxRows;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The webhook's external contract, over real HTTP against the running bridge and a real inbox database.
 * Run once per supported database by the subclasses. No channel is configured here, so every delivery
 * the router creates is held.
 */
@BridgeTest
abstract class WebhookIntakeContract {

    static final String SUCCESS = "{\"status\":\"success\"}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebhookClient webhook;
    InboxRows inbox;

    @BeforeEach
    void setUp() {
        webhook = new WebhookClient(port);
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    static SignedRequest signedNow(String body) {
        return SignedRequest.of(body).at(Instant.now());
    }

    static String event(String type, String firstName) {
        return "{\"SerialNumber\":\"59001dd73709417321c58b11693183a2\",\"Type\":\"" + type + "\",\"FirstName\":\""
                + firstName + "\",\"LastName\":\"Garcia\",\"Email\":\"test@qq.com\",\"PhoneNumber\":\"\","
                + "\"CreateTime\":\"2023-11-23T18:36:21.512302Z\",\"Content\":\"test\",\"ID session\":31305,\"URI\":\"www.google.com\"}";
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"status\":\"error\",\"message\":\"" + message + "\"}");
    }

    @Test
    void shouldStoreSignedLeadAndAnswerSuccess() {
        HttpResponse<String> response = webhook.post(signedNow(SignedRequest.LEAD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SUCCESS);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(inbox.payloads()).containsExactly(SignedRequest.LEAD);
        assertThat(inbox.eventRows().get(0))
                .containsEntry("event_type", "Lead")
                .containsEntry("serial_number", "59001dd73709417321c58b11693183a2")
                .containsEntry("session_id", "31305");
        assertThat(inbox.deliveryStates()).containsExactly("salesforce-lead:held");
    }

    @Test
    void shouldRouteAppointmentToAppointmentEmail() {
        assertThat(webhook.post(signedNow(event("Appointment", "Ann"))).body()).isEqualTo(SUCCESS);

        assertThat(inbox.deliveryStates()).containsExactly("appointment-email:held");
    }

    @Test
    void shouldStoreOtherTypesAsUnroutedWithoutDelivery() {
        assertThat(webhook.post(signedNow(event("lead", "Lower"))).body()).isEqualTo(SUCCESS);
        assertThat(webhook.post(signedNow("{\"FirstName\":\"NoType\"}")).body()).isEqualTo(SUCCESS);

        assertThat(inbox.events()).isEqualTo(2);
        assertThat(inbox.deliveries()).isZero();
    }

    @Test
    void shouldStoreRetriedEventOnceAndAnswerSuccessAgain() {
        String body = event("Lead", "Retry");
        assertThat(webhook.post(SignedRequest.of(body).at(Instant.now().minusSeconds(120)))
                        .body())
                .isEqualTo(SUCCESS);
        assertThat(webhook.postSigned(body).body()).isEqualTo(SUCCESS);

        assertThat(inbox.events()).isEqualTo(1);
        assertThat(inbox.deliveries()).isEqualTo(1);
    }

    @Test
    void shouldStoreSameEventOnceWhetherPrettyOrCompact() throws Exception {
        String pretty = new JsonMapper().readTree(event("Lead", "Pretty")).toPrettyString();
        assertThat(pretty).contains("\n");
        assertThat(webhook.post(signedNow(event("Lead", "Pretty"))).body()).isEqualTo(SUCCESS);
        assertThat(webhook.post(signedNow(pretty)).body()).isEqualTo(SUCCESS);

        assertThat(inbox.events()).isEqualTo(1);
    }

    @Test
    void shouldStoreEveryEventOfABatch() {
        String batch = "[" + event("Lead", "A") + "," + event("Appointment", "B") + "," + event("Other", "C") + "]";

        assertThat(webhook.post(signedNow(batch)).body()).isEqualTo(SUCCESS);

        assertThat(inbox.events()).isEqualTo(3);
        assertThat(inbox.deliveryStates()).containsExactly("salesforce-lead:held", "appointment-email:held");
    }

    @Test
    void shouldStoreRepeatedEventInsideABatchOnce() {
        String batch = "[" + event("Lead", "A") + "," + event("Lead", "A") + "]";

        assertThat(webhook.post(signedNow(batch)).body()).isEqualTo(SUCCESS);

        assertThat(inbox.events()).isEqualTo(1);
    }

    @Test
    void shouldAcceptBatchOfOneHundred() {
        String batch = IntStream.range(0, 100)
                .mapToObj(i -> event("Lead", "N" + i))
                .collect(Collectors.joining(",", "[", "]"));

        assertThat(webhook.post(signedNow(batch)).body()).isEqualTo(SUCCESS);

        assertThat(inbox.events()).isEqualTo(100);
    }

    @Test
    void shouldRejectBatchOfMoreThanOneHundredWith400AndKeepItAsInvalid() {
        String batch = IntStream.range(0, 101)
                .mapToObj(i -> event("Lead", "N" + i))
                .collect(Collectors.joining(",", "[", "]"));

        assertError(webhook.post(signedNow(batch)), 400, "batch holds more than 100 events");
        assertThat(invalidEvents()).containsExactly("batch holds more than 100 events");
        assertThat(inbox.payloads()).containsExactly(batch);
        assertThat(inbox.deliveries()).isZero();
    }

    @Test
    void shouldKeepEverySignedRequestTheStricterChecksRefuseAsAnInvalidEventDeliveredNowhere() {
        String wrongType = "{\"Type\":\"Lead\",\"FirstName\":42}";
        String tooDeep = "{\"Type\":\"Lead\",\"x\":" + "[".repeat(20) + "]".repeat(20) + "}";
        String duplicateKey = "{\"Type\":\"Lead\",\"Type\":\"Appointment\"}";

        assertError(webhook.post(signedNow(wrongType)), 400, "event: FirstName must be a string");
        assertThat(webhook.post(signedNow(tooDeep)).statusCode()).isEqualTo(400);
        assertError(webhook.post(signedNow(duplicateKey)), 400, "JSON object has a duplicate key");
        // neoagent's retry of the same request: kept once
        assertError(webhook.post(signedNow(wrongType)), 400, "event: FirstName must be a string");

        assertThat(inbox.payloads()).containsExactly(wrongType, tooDeep, duplicateKey);
        assertThat(invalidEvents())
                .containsExactly(
                        "event: FirstName must be a string",
                        "JSON nested deeper than 16 levels or a number longer than 64 digits",
                        "JSON object has a duplicate key");
        assertThat(inbox.deliveries()).isZero();
    }

    @Test
    void shouldKeepNothingOfAnUnsignedOrForgedRequest() {
        String wrongType = "{\"Type\":\"Lead\",\"FirstName\":42}";

        assertThat(webhook.postRaw("application/json", wrongType, null).statusCode())
                .isEqualTo(401);
        assertThat(webhook.post(signedNow(wrongType).signedWith("wrong-key")).statusCode())
                .isEqualTo(401);

        assertThat(inbox.events()).isZero();
    }

    private java.util.List<String> invalidEvents() {
        return jdbc.queryForList(
                "SELECT invalid_reason FROM inbox_event WHERE invalid_reason IS NOT NULL ORDER BY id", String.class);
    }

    @Test
    void shouldAcceptBodySignedInJsonStringifyForm() {
        String pretty =
                "{\n  \"Type\": \"Lead\",\n  \"FirstName\": \"Zoë\",\n  \"URI\": \"https:\\/\\/example.com\\/a\",\n  \"ID session\": 1.0\n}";
        String stringifyForm =
                "{\"Type\":\"Lead\",\"FirstName\":\"Zoë\",\"URI\":\"https://example.com/a\",\"ID session\":1}";
        String header = SignedRequest.of(stringifyForm).at(Instant.now()).header();

        HttpResponse<String> response = webhook.post(SignedRequest.of(pretty).withHeader(header));

        assertThat(response.body()).isEqualTo(SUCCESS);
        assertThat(inbox.payloads()).containsExactly(stringifyForm);
        assertThat(inbox.eventRows().get(0)).containsEntry("session_id", "1");
    }

    @Test
    void shouldRejectWrongSignatureWith401AndStoreNothing() {
        assertError(
                webhook.post(signedNow(SignedRequest.LEAD).signedWith("wrong-key")),
                401,
                "signature does not match the body");
        assertThat(inbox.events()).isZero();
    }

    @Test
    void shouldRejectTamperedBodyWith401() {
        SignedRequest tampered =
                signedNow(SignedRequest.LEAD).withTamperedBody(SignedRequest.LEAD.replace("David", "Eve"));

        assertError(webhook.post(tampered), 401, "signature does not match the body");
    }

    @Test
    void shouldRejectMissingSignatureWith401() {
        assertError(
                webhook.postRaw("application/json", SignedRequest.LEAD, null),
                401,
                "missing X-Webhook-Signature header");
    }

    @Test
    void shouldRejectGarbageSignatureWith401() {
        assertError(
                webhook.postRaw("application/json", SignedRequest.LEAD, "t=abc,v1=zz"),
                401,
                "malformed X-Webhook-Signature header");
    }

    @Test
    void shouldRejectStaleTimestampWith401() {
        SignedRequest stale =
                SignedRequest.of(SignedRequest.LEAD).at(Instant.now().minusSeconds(3600));

        assertError(webhook.post(stale), 401, "signature timestamp outside the tolerance");
        assertThat(inbox.events()).isZero();
    }

    @Test
    void shouldRejectSignedNonJsonWith400() {
        assertError(webhook.post(signedNow("this is not json")), 400, "body is not valid JSON");
    }

    @Test
    void shouldRejectSignedEmptyBodyWith400() {
        assertError(webhook.post(signedNow("")), 400, "body is empty");
    }

    @Test
    void shouldRejectDuplicateKeysWith400() {
        assertError(
                webhook.post(signedNow("{\"Type\":\"Lead\",\"Type\":\"Appointment\"}")),
                400,
                "JSON object has a duplicate key");
    }

    @Test
    void shouldRejectTrailingDataWith400() {
        assertError(webhook.post(signedNow(SignedRequest.LEAD + " {}")), 400, "body has data after the JSON value");
    }

    @Test
    void shouldRejectNonEventJsonWith400() {
        assertError(webhook.post(signedNow("\"Lead\"")), 400, "body must be an event object or an array of events");
        assertError(webhook.post(signedNow("[1]")), 400, "event 0 of the batch is not a JSON object");
        assertError(webhook.post(signedNow("[]")), 400, "batch holds no events");
        assertError(
                webhook.post(signedNow("{\"Type\":\"Lead\",\"FirstName\":{\"a\":1}}")),
                400,
                "event: FirstName must be a string");
    }

    @Test
    void shouldRejectDeepNestingWith400() {
        String deep = "{\"Type\":\"Lead\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";

        assertThat(webhook.post(signedNow(deep)).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRejectOversizedBodyWith413() {
        String big = "{\"Type\":\"Lead\",\"Content\":\"" + "x".repeat(1_048_576) + "\"}";

        assertError(webhook.post(signedNow(big)), 413, "body larger than 1048576 bytes");
        assertThat(inbox.events()).isZero();
    }

    @Test
    void shouldRejectOversizedChunkedBodyWith413() {
        String big = "{\"Type\":\"Lead\",\"Content\":\"" + "x".repeat(1_048_576) + "\"}";

        assertError(webhook.postChunked(signedNow(big)), 413, "body larger than 1048576 bytes");
    }

    @Test
    void shouldAcceptChunkedBodyWithinLimit() {
        assertThat(webhook.postChunked(signedNow(SignedRequest.LEAD)).body()).isEqualTo(SUCCESS);
    }

    @Test
    void shouldRejectNonJsonContentTypeWith415() {
        String message = "Content-Type must be application/json (UTF-8)";
        String header = signedNow(SignedRequest.LEAD).header();
        assertError(webhook.postRaw("text/plain", SignedRequest.LEAD, header), 415, message);
        assertError(webhook.postRaw("application/x-www-form-urlencoded", "Type=Lead&a=b", header), 415, message);
        assertError(webhook.postRaw(null, SignedRequest.LEAD, header), 415, message);
        assertError(webhook.postRaw("application/json; charset=iso-8859-1", SignedRequest.LEAD, header), 415, message);
    }

    @Test
    void shouldRejectMalformedFormBodyWith415NotA500() {
        String message = "Content-Type must be application/json (UTF-8)";
        assertError(webhook.postRaw("application/x-www-form-urlencoded", "%zz", null), 415, message);
        assertError(webhook.postRaw("application/x-www-form-urlencoded", "{\"Type\":\"Lead\"}", null), 415, message);
        assertError(webhook.postRaw("multipart/form-data; boundary=x", "--x--", null), 415, message);
    }

    @Test
    void shouldAcceptJsonWithUtf8Charset() {
        String body = event("Lead", "Charset");
        HttpResponse<String> response = webhook.postRaw(
                "application/json; charset=UTF-8", body, signedNow(body).header());

        assertThat(response.body()).isEqualTo(SUCCESS);
    }

    @Test
    void shouldRejectGetWith405() {
        HttpResponse<String> response = webhook.get();

        assertError(response, 405, "method not allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldNeitherStoreNorEchoRequestHeadersOrQueryParameters() {
        HttpResponse<String> response = webhook.post(
                "?Bcc=query-bcc@evil.example&sObjectName=Contact",
                signedNow(event("Appointment", "Header")),
                "To",
                "to-header@evil.example",
                "Bcc",
                "bcc-header@evil.example",
                "Subject",
                "injected-subject",
                "sObjectName",
                "InjectedObject",
                "CamelHttpResponseCode",
                "302");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SUCCESS);
        assertThat(response.headers().map().keySet())
                .map(String::toLowerCase)
                .doesNotContain("to", "bcc", "subject", "sobjectname", "x-webhook-signature");
        assertThat(response.headers().map().toString()).doesNotContain("evil", "injected", "Injected");
        assertThat(inbox.events()).isEqualTo(1);
        assertThat(inbox.everything()).doesNotContain("evil", "injected", "Injected", "Contact");
    }

    @Test
    void shouldNotEchoRequestHeadersOnRejection() {
        HttpResponse<String> response = webhook.post(
                signedNow(SignedRequest.LEAD).signedWith("wrong-key"),
                "Bcc",
                "bcc-header@evil.example",
                "X-Echo",
                "echo-me");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().map().toString()).doesNotContain("evil", "echo-me", "X-Webhook-Signature");
    }

    @Test
    void shouldStoreNonAsciiTextUnchanged() {
        String body = event("Lead", "Zoë 李 😀 \\u2028 / \\\"quoted\\\"");

        assertThat(webhook.post(signedNow(body)).body()).isEqualTo(SUCCESS);

        assertThat(inbox.payloads().get(0)).contains("Zoë 李 😀 \u2028 / \\\"quoted\\\"");
    }

    @Test
    void shouldNotServeTheAdminApiOrTheStatusPageOnTheWebhookPort() {
        RawHttp webhookPort = new RawHttp(port);

        for (String path :
                List.of("/admin/counts", "/admin/events", "/admin/status", "/admin/login", "/actuator/health")) {
            RawHttp.Reply reply = webhookPort.get(path);
            assertThat(reply.status()).as(path + " answered " + reply.body()).isEqualTo(404);
        }
        assertThat(webhookPort
                        .send("POST", "/admin/deliveries/replay?channel=salesforce-lead", new byte[0])
                        .status())
                .isEqualTo(404);
    }
}
