package io.neoagent.bridge.catchup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The catch-up against a stand-in of neoagent's lead-list API on a real socket, with the Salesforce stand-in behind:
 * what neoagent sent while the bridge could not take it is recovered and delivered once, what came by webhook is not
 * stored again, and bad, huge, slow and refused replies fail the pull without stopping the next.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.FAST_POLL,
            "neoagent.catch-up.chatbots=" + CatchUpTest.CHATBOT,
            "neoagent.catch-up.interval=1h",
            "neoagent.catch-up.tick=100ms",
            "neoagent.catch-up.retry-delay=200ms",
            "neoagent.catch-up.refused-delay=300ms",
            "neoagent.catch-up.max-response-bytes=64KB",
            "neoagent.catch-up.max-records=50",
            "camel.component.http.response-timeout=1000",
            "camel.component.http.so-timeout=1000"
        })
class CatchUpTest {

    static final String CHATBOT = "59001dd73709417321c58b11693183a2";

    /** A lead in the list's own words: one name, Phone, SessionID, CreatedTime without a zone. */
    static final String LISTED_LEAD = """
            {"Type":"Lead","Name":"Ana Maria Lopez","Email":"ana@example.com","Phone":"+34 600 000 001",\
            "SessionID":4242,"CreatedTime":"2026-11-30 09:15:02","Content":"wants a quote"}""";

    static final String LISTED_APPOINTMENT = """
            {"Type":"Appointment","Name":"Ana Maria Lopez","Email":"ana@example.com","SessionID":4242,\
            "CreatedTime":"2026-11-30 09:17:40","Content":"Tuesday 10:00"}""";

    /** SignedRequest.LEAD as the list would show it. */
    static final String WEBHOOK_LEAD_AS_LISTED = """
            {"Type":"Lead","Name":"David Garcia","Email":"test@qq.com","SessionID":31305,\
            "CreatedTime":"2023-11-23 18:36:21","Content":"test","URI":"www.google.com"}""";

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @RegisterExtension
    static final LeadListStandIn NEOAGENT = new LeadListStandIn();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    NeoagentCatchUp catchUp;

    @Autowired
    MeterRegistry meters;

    InboxRows inbox;

    final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
        NEOAGENT.configure(registry);
    }

    @BeforeEach
    void setUp() {
        catchUp.restart(Instant.MAX);
        inbox = new InboxRows(jdbc);
        inbox.clear();
    }

    /** The periodic pull, due now. */
    private void pullNow() {
        catchUp.restart(Instant.now());
    }

    private void awaitPulls(int valid) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> NEOAGENT.validPulls(CHATBOT).size() >= valid);
        // and its outcome recorded
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            NeoagentCatchUp.ChatbotStatus status = status();
            return status.lastSuccessfulPull() != null || status.lastFailure() != null;
        });
    }

    private NeoagentCatchUp.ChatbotStatus status() {
        return catchUp.status().get(0);
    }

    private double failedPulls(String reason) {
        var counter = meters.find("neoagent.catch-up.pulls.failed")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> sources() {
        return jdbc.queryForList("SELECT source FROM inbox_event ORDER BY id", String.class);
    }

    @Test
    void shouldRecoverWhatNeoagentSentWhileTheBridgeWasDownAndDeliverItOnce() throws Exception {
        NEOAGENT.holds(CHATBOT, LISTED_LEAD, LISTED_APPOINTMENT);
        pullNow();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> SALESFORCE.leadCreates().size() == 1);
        assertThat(sources()).containsExactly("catch-up", "catch-up");
        JsonNode lead = json.readTree(SALESFORCE.leadCreates().get(0).getBodyAsString());
        assertThat(lead.get("FirstName").asText()).isEqualTo("Ana");
        assertThat(lead.get("LastName").asText()).isEqualTo("Maria Lopez");
        assertThat(lead.get("Email").asText()).isEqualTo("ana@example.com");
        assertThat(lead.get("Phone").asText()).isEqualTo("+34 600 000 001");
        // stored in the webhook's shape: the session and creation time under the webhook's names
        JsonNode stored = json.readTree(inbox.payloads().get(0));
        assertThat(stored.get("SerialNumber").asText()).isEqualTo(CHATBOT);
        assertThat(stored.get("ID session").asInt()).isEqualTo(4242);
        assertThat(stored.get("CreateTime").asText()).isEqualTo("2026-11-30T09:15:02Z");

        // neoagent's request: the raw key, JSON, yesterday and today (UTC)
        LoggedRequest request = NEOAGENT.validPulls(CHATBOT).get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo(LeadListStandIn.KEY);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode body = json.readTree(request.getBodyAsString());
        assertThat(body.get("startTime").asText()).isEqualTo(today.minusDays(1).toString());
        assertThat(body.get("endTime").asText()).isEqualTo(today.toString());

        // the next pull finds the same records: nothing is stored or sent again
        pullNow();
        awaitPulls(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> status().lastSuccessfulPull() != null);
        assertThat(inbox.events()).isEqualTo(2);
        assertThat(SALESFORCE.leadCreates()).hasSize(1);
        assertThat(status().lastPullRecovered()).isZero();
    }

    @Test
    void shouldNotStoreAgainALeadThatCameByWebhook() throws Exception {
        assertThat(new WebhookClient(port).postSigned(SignedRequest.LEAD).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SALESFORCE.leadCreates().size() == 1);
        NEOAGENT.holds(CHATBOT, WEBHOOK_LEAD_AS_LISTED);
        pullNow();
        awaitPulls(1);

        assertThat(status().lastFailure()).isNull();
        assertThat(sources()).containsExactly("webhook");
        assertThat(SALESFORCE.leadCreates()).hasSize(1);
    }

    @Test
    void shouldKeepOneLeadWhenTheWebhookBringsItAfterTheCatchUp() {
        NEOAGENT.holds(CHATBOT, WEBHOOK_LEAD_AS_LISTED);
        pullNow();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SALESFORCE.leadCreates().size() == 1);

        // neoagent's webhook for the same lead, late: answered success, stored once
        assertThat(new WebhookClient(port).postSigned(SignedRequest.LEAD).statusCode())
                .isEqualTo(200);
        assertThat(sources()).containsExactly("catch-up");
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> SALESFORCE.leadCreates().size() == 1);
    }

    @Test
    void shouldRecoverAnotherLeadOfTheSameConversationCreatedAtAnotherTime() {
        assertThat(new WebhookClient(port).postSigned(SignedRequest.LEAD).statusCode())
                .isEqualTo(200);
        NEOAGENT.holds(CHATBOT, WEBHOOK_LEAD_AS_LISTED, WEBHOOK_LEAD_AS_LISTED.replace("18:36:21", "19:02:44"));
        pullNow();

        await().atMost(Duration.ofSeconds(20)).until(() -> sources().size() == 2);
        assertThat(sources()).containsExactly("webhook", "catch-up");
    }

    @Test
    void shouldCountAndLogRecordsThatCannotBeMappedAndStoreTheRest(CapturedOutput output) {
        double before = meters.counter("neoagent.catch-up.records.unmappable").count();
        NEOAGENT.holds(
                CHATBOT,
                "{\"Name\":\"No Type\",\"Email\":\"secret.person@example.com\"}",
                "42",
                "{\"Type\":\"Lead\",\"SerialNumber\":\"another-chatbot\",\"Email\":\"x@example.com\"}",
                "{\"Type\":\"Lead\",\"Email\":[\"not\",\"text\"]}",
                LISTED_LEAD);
        pullNow();

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.events() == 1);
        assertThat(meters.counter("neoagent.catch-up.records.unmappable").count() - before)
                .isEqualTo(4);
        assertThat(output.getAll())
                .contains("record 1 of 5 cannot be mapped to an event: no Type (fields: Name, Email)")
                .contains("record 2 of 5 cannot be mapped to an event: not a JSON object")
                .contains("record 3 of 5 cannot be mapped to an event: its serial number is another chatbot's")
                .contains("record 4 of 5 cannot be mapped to an event: record: Email must be a string")
                .doesNotContain("secret.person@example.com");
    }

    @Test
    void shouldFailThePullOnAnHtmlPageOrAReplyWithoutData() {
        double before = failedPulls("invalid-reply");
        NEOAGENT.answer(
                CHATBOT,
                aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Service temporarily unavailable</body></html>"));
        pullNow();
        awaitPulls(1);
        assertThat(status().lastFailure()).isEqualTo("the reply is not JSON (an HTML page)");

        NEOAGENT.answer(CHATBOT, 200, "{\"data\":[" + LISTED_LEAD + "]}");
        pullNow();
        awaitPulls(2);
        assertThat(status().lastFailure()).isEqualTo("the reply has no Data list");

        NEOAGENT.answer(CHATBOT, 200, "{\"Data\":null}");
        pullNow();
        awaitPulls(3);
        assertThat(status().lastFailure()).isEqualTo("the reply has no Data list");

        assertThat(failedPulls("invalid-reply") - before).isEqualTo(3);
        assertThat(inbox.events()).isZero();
    }

    @Test
    void shouldTakeAnEmptyListAsASuccessfulPull() {
        NEOAGENT.holds(CHATBOT);
        pullNow();
        awaitPulls(1);
        assertThat(status().lastSuccessfulPull()).isNotNull();
        assertThat(status().lastPullRecords()).isZero();
    }

    @Test
    void shouldFailThePullOnAReplyLargerThanTheCapAndTakeAtMostMaxRecords() {
        String filler = "x".repeat(1000);
        NEOAGENT.holds(
                CHATBOT,
                IntStream.range(0, 100)
                        .mapToObj(i -> "{\"Type\":\"Other\",\"SessionID\":" + i + ",\"Content\":\"" + filler + "\"}")
                        .toArray(String[]::new));
        pullNow();
        awaitPulls(1);
        assertThat(status().lastFailure())
                .isEqualTo("the reply is larger than 65536B (neoagent.catch-up.max-response-bytes)");
        assertThat(inbox.events()).isZero();

        // small records, more than max-records (50): the first 50 are taken
        NEOAGENT.holds(
                CHATBOT,
                IntStream.range(0, 60)
                        .mapToObj(i -> "{\"Type\":\"Other\",\"SessionID\":" + i + "}")
                        .toArray(String[]::new));
        pullNow();
        await().atMost(Duration.ofSeconds(20)).until(() -> status().lastSuccessfulPull() != null);
        assertThat(inbox.events()).isEqualTo(50);
    }

    @Test
    void shouldBackOffAndRetryWhenNeoagentFailsOrAsksToSlowDown() {
        double before = failedPulls("server-error");
        NEOAGENT.failFirst(CHATBOT, 2, 503, LISTED_LEAD);
        pullNow();

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.events() == 1);
        assertThat(NEOAGENT.validPulls(CHATBOT)).hasSize(3);
        assertThat(failedPulls("server-error") - before).isEqualTo(2);
        assertThat(status().failuresInARow()).isZero();

        NEOAGENT.reset();
        NEOAGENT.answer(
                CHATBOT,
                aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("slow down"));
        pullNow();
        awaitPulls(1);
        assertThat(status().lastFailure()).isEqualTo("neoagent asks to slow down (HTTP 429)");
        // Retry-After: 1 s, not the 200 ms retry delay
        assertThat(Duration.between(status().lastFailureAt(), status().nextPull()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(999));
    }

    @Test
    void shouldFailThePullWhenNeoagentNeverAnswers() {
        NEOAGENT.answer(
                CHATBOT, aResponse().withStatus(200).withFixedDelay(5000).withBody("{\"Data\":[]}"));
        pullNow();
        awaitPulls(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> status().lastFailure() != null);
        assertThat(status().lastFailure()).startsWith("neoagent's API cannot be reached (");
        assertThat(status().lastSuccessfulPull()).isNull();
    }

    @Test
    void shouldSayOnceThatTheKeyIsRefusedAndBackOff(CapturedOutput output) {
        NEOAGENT.answer(CHATBOT, 401, "{\"message\":\"Unauthorized\"}");
        pullNow();
        // refused-delay is 300 ms here (1 h by default): several refusals, said once
        await().atMost(Duration.ofSeconds(20))
                .until(() -> NEOAGENT.validPulls(CHATBOT).size() >= 3);
        assertThat(countOf(output.getAll(), "the neoagent API key is refused (HTTP 401)"))
                .isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(LeadListStandIn.KEY);

        NEOAGENT.holds(CHATBOT, LISTED_LEAD);
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.events() == 1);
        assertThat(output.getAll()).contains("Catch-up of chatbot " + CHATBOT + " works again after");
    }

    @Test
    void shouldLeaveARecordYoungerThanTheSettleTimeForALaterPull() {
        String now = Instant.now().toString();
        NEOAGENT.holds(CHATBOT, LISTED_LEAD.replace("2026-11-30 09:15:02", now));
        pullNow();
        awaitPulls(1);
        assertThat(status().lastPullRecords()).isEqualTo(1);
        assertThat(inbox.events()).isZero();
    }

    @Test
    void shouldCatchUpAChatbotFromAChosenDateThroughTheAdminApi() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        NEOAGENT.holds(CHATBOT, LISTED_LEAD);

        HttpResponse<String> queued =
                admin("POST", "/admin/catch-up?chatbot=" + CHATBOT + "&from=" + today.minusDays(3));
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(json.readTree(queued.body()).get("pulls").asInt()).isEqualTo(4);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> NEOAGENT.validPulls(CHATBOT).size() == 4);
        List<String> windows = NEOAGENT.validPulls(CHATBOT).stream()
                .map(request -> {
                    try {
                        JsonNode body = json.readTree(request.getBodyAsString());
                        return body.get("startTime").asText() + ".."
                                + body.get("endTime").asText();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .collect(Collectors.toList());
        assertThat(windows)
                .containsExactly(
                        today.minusDays(3) + ".." + today.minusDays(2),
                        today.minusDays(2) + ".." + today.minusDays(1),
                        today.minusDays(1) + ".." + today,
                        today + ".." + today.plusDays(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> status().catchUpDaysQueued() == 0);
        assertThat(inbox.events()).isEqualTo(1);

        JsonNode state = json.readTree(admin("GET", "/admin/catch-up").body());
        assertThat(state.get("on").asBoolean()).isTrue();
        assertThat(state.get("chatbots").get(0).get("chatbot").asText()).isEqualTo(CHATBOT);
        assertThat(state.get("chatbots").get(0).get("lastSuccessfulPull").isNull())
                .isFalse();
        JsonNode events = json.readTree(admin("GET", "/admin/events").body());
        assertThat(events.get(0).get("source").asText()).isEqualTo("catch-up");
        JsonNode health = json.readTree(admin("GET", "/actuator/health").body());
        assertThat(health.at("/components/catchUp/details/" + CHATBOT + "/lastSuccessfulPull")
                        .isMissingNode())
                .isFalse();

        assertThat(admin("POST", "/admin/catch-up?chatbot=" + CHATBOT + "&from=" + today.plusDays(1))
                        .statusCode())
                .isEqualTo(400);
        assertThat(admin("POST", "/admin/catch-up?chatbot=unknown&from=" + today)
                        .body())
                .contains("chatbot unknown is not caught up");
        assertThat(admin("POST", "/admin/catch-up?chatbot=" + CHATBOT + "&from=yesterday")
                        .statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
