package io.neoagent.bridge.alerts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Alerts over real SMTP (GreenMail) and a real webhook receiver: one per incident and one when the channel works
 * again, none for a retry that succeeds, and an e-mail channel's own failure told only to the webhook and the log.
 */
@BridgeTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            BridgeTest.SALESFORCE,
            BridgeTest.MAIL,
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES,
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            "alerts.email-to=ops@bridge.example",
            "alerts.failing-for=1s",
            "alerts.check-interval=200ms",
            "neoagent.public-admin-url=https://bridge.example:8081/"
        })
class ChannelAlertsTest {

    static final int SMTP_PORT = TestSupport.freePort();
    static final String HOOK = "/hooks/alerts";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SALESFORCE.configure(registry);
        registry.add("mail.port", () -> SMTP_PORT);
        registry.add("alerts.webhook-url", () -> SALESFORCE.url() + HOOK);
    }

    @BeforeEach
    void setUp() throws Exception {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        jdbc.update("DELETE FROM alert_incident");
        if (!SMTP.isRunning()) {
            SMTP.start();
        }
        SMTP.purgeEmailFromAllMailboxes();
        answerTheWebhook();
    }

    private static void answerTheWebhook() {
        SALESFORCE
                .server()
                .stubFor(post(urlEqualTo(HOOK))
                        .willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    private void send(String body) {
        assertThat(new WebhookClient(port).postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private static String lead(int session, String lastName) {
        return SignedRequest.LEAD
                .replace("\"ID session\":31305", "\"ID session\":" + session)
                .replace("\"LastName\":\"Garcia\"", "\"LastName\":\"" + lastName + "\"");
    }

    private static List<MimeMessage> alertEmails() {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(message -> recipients(message).contains("ops@bridge.example"))
                .toList();
    }

    private static String recipients(MimeMessage message) {
        try {
            return GreenMailUtil.getAddressList(message.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> webhookTexts() {
        return SALESFORCE.server().findAll(postRequestedFor(urlEqualTo(HOOK))).stream()
                .map(request -> {
                    try {
                        return JSON.readTree(request.getBodyAsString())
                                .path("text")
                                .asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Test
    void shouldAlertOncePerIncidentAndOnceMoreWhenTheChannelWorksAgain() throws Exception {
        SALESFORCE.answerLeads(503, "[{\"message\":\"down for maintenance\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
        send("[" + lead(8001, "One") + "," + lead(8002, "Two") + "," + lead(8003, "Three") + "]");

        await().atMost(Duration.ofSeconds(15)).until(() -> alertEmails().size() == 1);
        // the channel keeps failing, retried every 200 ms and checked every 200 ms: still one alert
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> alertEmails().size() == 1);
        MimeMessage alert = alertEmails().get(0);
        assertThat(alert.getSubject()).isEqualTo("neoagent-lead-bridge: channel salesforce-lead is failing");
        assertThat(alert.getFrom()[0].toString()).isEqualTo("bridge@bridge.example");
        assertThat(GreenMailUtil.getBody(alert))
                .contains("Deliveries to salesforce-lead have been failing for")
                .contains("Reason: Salesforce HTTP 503")
                .contains("Waiting: 3 deliveries kept and retried; 0 dead.")
                .contains("https://bridge.example:8081/admin/status");
        assertThat(webhookTexts()).singleElement().asString().startsWith(alert.getSubject());

        // Salesforce works again (the stand-in's reset also forgets the webhook's requests so far)
        SALESFORCE.reset();
        answerTheWebhook();
        await().atMost(Duration.ofSeconds(15)).until(() -> alertEmails().size() == 2);
        assertThat(alertEmails().get(1).getSubject())
                .isEqualTo("neoagent-lead-bridge: channel salesforce-lead works again");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> alertEmails().size() == 2);
        assertThat(webhookTexts())
                .singleElement()
                .asString()
                .startsWith("neoagent-lead-bridge: channel salesforce-lead works again");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> inbox.deliveryStates().stream().allMatch(state -> state.endsWith(":delivered")));
    }

    @Test
    void shouldNotAlertForARetryThatSucceeds() {
        SALESFORCE.failLeadsFirst(1, 503, "[{\"message\":\"down\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]");
        send(SignedRequest.LEAD);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> inbox.deliveryStates().equals(List.of("salesforce-lead:delivered")));

        // longer than alerts.failing-for, checked every 200 ms
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(4))
                .until(() -> alertEmails().isEmpty());
        assertThat(webhookTexts()).isEmpty();
    }

    @Test
    void shouldAlertAtOnceWhenADeliveryGoesDead() throws Exception {
        SALESFORCE.answerLeads(
                400, "[{\"message\":\"Rejected by a rule\",\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\"}]");
        send(SignedRequest.LEAD);

        await().atMost(Duration.ofSeconds(10)).until(() -> alertEmails().size() == 1);
        MimeMessage alert = alertEmails().get(0);
        assertThat(alert.getSubject()).isEqualTo("neoagent-lead-bridge: a delivery to salesforce-lead is dead");
        assertThat(GreenMailUtil.getBody(alert))
                .contains("FIELD_CUSTOM_VALIDATION_EXCEPTION")
                .contains("0 deliveries kept and retried; 1 dead.");
    }

    @Test
    void shouldTellOnlyTheWebhookAndTheLogWhenTheSmtpServerIsWhatFails(CapturedOutput output) {
        SMTP.stop();
        send(SignedRequest.LEAD.replace("\"Type\":\"Lead\"", "\"Type\":\"Appointment\""));

        await().atMost(Duration.ofSeconds(15)).until(() -> webhookTexts().size() == 1);
        assertThat(webhookTexts().get(0)).startsWith("neoagent-lead-bridge: channel appointment-email is failing");
        assertThat(output.getAll())
                .contains("Alert: neoagent-lead-bridge: channel appointment-email is failing")
                .contains("the channel that fails is e-mail itself");

        SMTP.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> webhookTexts().size() == 2);
        assertThat(webhookTexts().get(1)).startsWith("neoagent-lead-bridge: channel appointment-email works again");
        // the appointment went out once the server was back; no alert went through it
        assertThat(alertEmails()).isEmpty();
    }
}
