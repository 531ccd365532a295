package io.neoagent.bridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The admin API on the management port: token, lists and filters, masking, replay; and the metrics. */
@BridgeTest
@AutoConfigureObservability
@TestPropertySource(properties = {"admin.token=test-admin-token", BridgeTest.SALESFORCE, BridgeTest.FAST_POLL})
class AdminApiTest {

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    static final String TOKEN = "test-admin-token";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    private HttpResponse<String> call(String method, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void send(String body) {
        assertThat(new WebhookClient(port).postSigned(body).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseACatchUpWhileItIsOff() throws Exception {
        HttpResponse<String> refused = call("POST", "/admin/catch-up?chatbot=any&from=2026-11-01", TOKEN);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("catch-up is off: set NEOAGENT_API_KEY and NEOAGENT_CHATBOTS");
        assertThat(call("GET", "/admin/catch-up", TOKEN).body()).contains("\"on\":false");
    }

    @Test
    void shouldRequireTheAdminToken() throws Exception {
        assertThat(call("GET", "/admin/counts", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/counts", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(call("POST", "/admin/deliveries/replay?channel=salesforce-lead", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/admin/counts", TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = call("GET", "/admin/counts", null);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(refused.body()).isEqualTo("{\"status\":\"error\",\"message\":\"admin token required\"}");
    }

    @Test
    void shouldAnswerABadFilterWithTheErrorBody() throws Exception {
        HttpResponse<String> badState = call("GET", "/admin/deliveries?state=lost", TOKEN);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).startsWith("{\"status\":\"error\",\"message\":\"state must be one of ");
        HttpResponse<String> badLimit = call("GET", "/admin/events?limit=many", TOKEN);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).isEqualTo("{\"status\":\"error\",\"message\":\"invalid or missing parameter\"}");
    }

    @Test
    void shouldSignABrowserInWithACookieThatIsNotTheToken() throws Exception {
        HttpResponse<String> wrong = signIn("wrong-token");
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).hasValue("/admin/login?failed");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> signedIn = signIn(TOKEN);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("neoagent_admin=")
                .contains("HttpOnly", "SameSite=Strict", "Path=/admin")
                .doesNotContain(TOKEN);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(withCookie("/admin/status", cookie).statusCode()).isEqualTo(200);
        assertThat(withCookie("/admin/counts", cookie).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseACookieItDidNotIssue() throws Exception {
        assertThat(withCookie("/admin/counts", "neoagent_admin=" + TOKEN).statusCode())
                .isEqualTo(401);
        assertThat(withCookie("/admin/counts", "neoagent_admin=99999999999.forged")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> page = withCookie("/admin/status", "neoagent_admin=" + TOKEN);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/admin/login");
    }

    private HttpResponse<String> signIn(String token) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/admin/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> withCookie(String path, String cookie) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                                .header("Cookie", cookie)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldListEventsWithPersonalDataMaskedAndShowOneInFull() throws Exception {
        send(SignedRequest.LEAD.replace("\"PhoneNumber\":\"\"", "\"PhoneNumber\":\"+1 415 555 0100\""));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(inbox.onlyDeliveryState()));

        String list = call("GET", "/admin/events", TOKEN).body();
        assertThat(list)
                .contains(
                        "\"name\":\"David G.\"",
                        "\"email\":\"t***@qq.com\"",
                        "\"phone\":\"***0100\"",
                        "salesforce-lead:delivered")
                .doesNotContain("test@qq.com", "555 0100", "Garcia");

        long id = ((Number) inbox.eventRows().get(0).get("id")).longValue();
        String detail = call("GET", "/admin/events/" + id, TOKEN).body();
        assertThat(detail)
                .contains("test@qq.com", "+1 415 555 0100", "Garcia", "\"result_id\"".replace("result_id", "resultId"));
        assertThat(call("GET", "/admin/events/999999", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldFilterByStateChannelAndChatbot() throws Exception {
        SALESFORCE.answerLeads(
                400,
                "[{\"message\":\"Required fields are missing: [Company]\",\"errorCode\":\"REQUIRED_FIELD_MISSING\"}]");
        send(SignedRequest.LEAD);
        send("{\"SerialNumber\":\"other-bot\",\"Type\":\"Appointment\",\"FirstName\":\"Ann\"}");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates().contains("salesforce-lead:dead"));

        assertThat(call("GET", "/admin/deliveries?state=dead", TOKEN).body())
                .contains("\"channel\":\"salesforce-lead\"", "REQUIRED_FIELD_MISSING")
                .doesNotContain("appointment-email");
        assertThat(call("GET", "/admin/deliveries?channel=appointment-email", TOKEN)
                        .body())
                .contains("\"state\":\"held\"")
                .doesNotContain("salesforce-lead");
        assertThat(call("GET", "/admin/events?chatbot=other-bot", TOKEN).body())
                .contains("Ann")
                .doesNotContain("David");
        assertThat(call("GET", "/admin/events?state=dead", TOKEN).body())
                .contains("David")
                .doesNotContain("Ann");
        assertThat(call("GET", "/admin/events?type=Appointment&since=2000-01-01T00:00:00Z", TOKEN)
                        .body())
                .contains("Ann");
        assertThat(call("GET", "/admin/events?since=2999-01-01T00:00:00Z", TOKEN)
                        .body())
                .isEqualTo("[]");
        assertThat(call("GET", "/admin/counts", TOKEN).body())
                .contains("\"salesforce-lead\":{\"dead\":1}", "\"appointment-email\":{\"held\":1}", "\"events\":2");
        assertThat(call("GET", "/admin/deliveries?state=nonsense", TOKEN).statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldExposeWebhookInboxAndDeliveryMetricsToPrometheus() throws Exception {
        send(SignedRequest.LEAD);
        new WebhookClient(port)
                .post(SignedRequest.of(SignedRequest.LEAD).signedWith("wrong").at(Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(inbox.onlyDeliveryState()));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                call("GET", "/actuator/prometheus", null).body())
                        .contains(
                                "neoagent_webhook_requests_total{status=\"200\"}",
                                "neoagent_webhook_requests_total{status=\"401\"}",
                                "neoagent_webhook_signature_failures_total{reason=\"signature_mismatch\"}",
                                "neoagent_inbox_events_stored_total",
                                "neoagent_deliveries_total{channel=\"salesforce-lead\",outcome=\"delivered\"}",
                                "neoagent_delivery_latency_seconds_count{channel=\"salesforce-lead\"}",
                                "neoagent_inbox_deliveries{state=\"delivered\"} 1.0",
                                "neoagent_inbox_oldest_undelivered_age_seconds",
                                "neoagent_inbox_commits_total",
                                "neoagent_inbox_commit_waiting 0.0",
                                "neoagent_webhook_duration_seconds_count{status=\"200\"}"));
    }

    @Test
    void shouldTimeWebhookRepliesWithItsOwnMetricInsteadOfSpringsRequestObservation() throws Exception {
        send(SignedRequest.LEAD);
        // another path on the webhook port is still observed by Spring
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/elsewhere"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                call("GET", "/actuator/prometheus", null).body())
                        .contains(
                                "neoagent_webhook_duration_seconds_count{status=\"200\"}",
                                "http_server_requests_seconds_count")
                        .doesNotContain("uri=\"/webhooks/neoagent\""));
    }

    @Test
    void shouldReplayADeadDeliveryAndDeliverIt() throws Exception {
        SALESFORCE.answerLeads(
                400,
                "[{\"message\":\"Required fields are missing: [Company]\",\"errorCode\":\"REQUIRED_FIELD_MISSING\"}]");
        send(SignedRequest.LEAD);
        await().atMost(Duration.ofSeconds(20)).until(() -> "dead".equals(inbox.onlyDeliveryState()));
        SALESFORCE.reset();
        long id = ((Number) inbox.onlyDelivery().get("id")).longValue();

        HttpResponse<String> replay = call("POST", "/admin/deliveries/" + id + "/replay", TOKEN);

        assertThat(replay.body()).isEqualTo("{\"replayed\":1}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(inbox.onlyDeliveryState()));
        assertThat(call("POST", "/admin/deliveries/" + id + "/replay", TOKEN).body())
                .isEqualTo("{\"replayed\":0}");
    }

    @Test
    void shouldShowASignedRequestKeptAsInvalidInTheApiAndOnTheStatusPage() throws Exception {
        String wrongType = "{\"Type\":\"Lead\",\"Email\":\"kept@example.com\",\"FirstName\":42}";
        assertThat(new WebhookClient(port).postSigned(wrongType).statusCode()).isEqualTo(400);

        assertThat(call("GET", "/admin/events?invalid=true", TOKEN).body())
                .contains("\"invalid\":\"event: FirstName must be a string\"", "\"email\":\"k***@example.com\"")
                .doesNotContain("kept@example.com");
        assertThat(call("GET", "/admin/counts", TOKEN).body()).contains("\"invalid\":1", "\"unrouted\":0");
        long id = ((Number) inbox.eventRows().get(0).get("id")).longValue();
        assertThat(call("GET", "/admin/events/" + id, TOKEN).body())
                .contains("\"invalid\":\"event: FirstName must be a string\"", "\"FirstName\":42", "kept@example.com");
        assertThat(call("GET", "/admin/status", TOKEN).body())
                .contains("Signed requests kept as invalid", "event: FirstName must be a string");
    }

    @Test
    void shouldShowAnInvalidBodyThatIsNotJsonAsText() throws Exception {
        assertThat(new WebhookClient(port).postSigned("not json at all").statusCode())
                .isEqualTo(400);

        long id = ((Number) inbox.eventRows().get(0).get("id")).longValue();
        HttpResponse<String> detail = call("GET", "/admin/events/" + id, TOKEN);
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body()).contains("\"event\":\"not json at all\"", "\"invalid\":\"body is not valid JSON\"");
        assertThat(call("GET", "/admin/events", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldShowHealthDetailsOnlyWithTheToken() throws Exception {
        HttpResponse<String> anonymous = call("GET", "/actuator/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body())
                .contains("\"status\":\"UP\"")
                .doesNotContain("salesforce-lead", "lastSuccess", "undelivered");

        assertThat(call("GET", "/actuator/health", TOKEN).body())
                .contains("\"salesforce-lead\"", "\"lastSuccess\"", "\"undelivered\"");
        assertThat(call("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }
}
