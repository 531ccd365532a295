package io.neoagent.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.neoagent.bridge.TestSupport;
import io.neoagent.bridge.inbox.InboxRows;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.NeoagentEvent;
import io.neoagent.bridge.webhook.NeoagentEventParser;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.SpringCamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each channel route alone, through its {@code direct:} endpoint, as {@code docs/channels.md} describes it: a
 * {@link NeoagentEvent} body (a list for a batch route) and the documented headers, sent with a
 * {@link ProducerTemplate}; GreenMail and the Salesforce stand-in answer over real sockets. The poll is an hour
 * apart, so nothing here is delivered unless a test sends it (or the intake wakes the dispatcher).
 */
@CamelSpringBootTest
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "neoagent.signing-keys=" + SignedRequest.KEY,
            "mail.host=127.0.0.1",
            "mail.security=none",
            "mail.from=bridge@bridge.example",
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            "staff-email.recipients.lead-email.to=sales@shop.example",
            "camel.component.salesforce.client-id=test-client",
            "camel.component.salesforce.client-secret=test-secret",
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            "delivery.poll-interval=1h"
        })
class ChannelRoutesSeamTest {

    static final int SMTP_PORT = TestSupport.freePort();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERIAL = "59001dd73709417321c58b11693183a2";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
                    new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
            .withPerMethodLifecycle(false);

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    @Autowired
    NeoagentEventParser parser;

    @Autowired
    DeliveryScheduler scheduler;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestSupport.sqliteInbox(registry);
        registry.add("mail.port", () -> SMTP_PORT);
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        new InboxRows(jdbc).clear();
    }

    private NeoagentEvent event(String type, int session, String email) throws Exception {
        String json = "{\"SerialNumber\":\"" + SERIAL + "\",\"Type\":\"" + type
                + "\",\"FirstName\":\"Ann\",\"LastName\":\"Lee\"," + "\"Email\":\"" + email
                + "\",\"Content\":\"Tuesday 10:00\",\"ID session\":" + session + "}";
        return parser.parse(json.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    /** The headers the dispatcher sets for delivery {@code id} (its first attempt) on {@code channel}. */
    private static Map<String, Object> headers(String channel, long id) {
        return Map.of(
                ChannelHeaders.CHANNEL,
                channel,
                ChannelHeaders.DELIVERY_ID,
                id,
                ChannelHeaders.EVENT_ID,
                7L,
                ChannelHeaders.ATTEMPT,
                1,
                ChannelHeaders.DELIVERY_KEY,
                channel + "-" + id + ".0123456789abcdef0123456789abcdef");
    }

    private Exchange send(String uri, Object body, Map<String, Object> headers) {
        return producer.send(uri, exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    @Test
    void shouldMailAnAppointmentWithTheMessageIdOfItsDeliveryKey() throws Exception {
        Exchange done = send(
                "direct:staff-email", event("Appointment", 1, "ann@visitor.example"), headers("appointment-email", 41));

        assertThat(done.getException()).isNull();
        String messageId = "<neoagent-appointment-email-41.0123456789abcdef0123456789abcdef@bridge.example>";
        assertThat(done.getMessage().getBody(String.class)).isEqualTo(messageId);
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getMessageID()).isEqualTo(messageId);
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("desk@shop.example");
        assertThat(mail.getSubject()).startsWith("Appointment request: Ann Lee, ");
        assertThat(mail.getReplyTo()[0].toString()).isEqualTo("ann@visitor.example");
    }

    @Test
    void shouldMailALeadToTheRecipientsOfTheLeadEmailChannel() throws Exception {
        Exchange done = send("direct:staff-email", event("Lead", 2, "ann@visitor.example"), headers("lead-email", 42));

        assertThat(done.getException()).isNull();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("sales@shop.example");
        assertThat(mail.getSubject()).startsWith("Lead: Ann Lee, ");
        assertThat(mail.getMessageID()).startsWith("<neoagent-lead-email-42.");
    }

    @Test
    void shouldTakeTheKindFromTheEventsTypeAndTheRecipientsFromTheChannel() throws Exception {
        // a lead routed to the appointment channel (routing.lead=appointment-email): a lead e-mail, to the desk
        Exchange done =
                send("direct:staff-email", event("Lead", 3, "ann@visitor.example"), headers("appointment-email", 43));

        assertThat(done.getException()).isNull();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getSubject()).startsWith("Lead: ");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("desk@shop.example");
    }

    @Test
    void shouldPutNoneOfTheExchangesHeadersIntoTheEmail() throws Exception {
        Map<String, Object> headers = new java.util.HashMap<>(headers("appointment-email", 44));
        headers.put("Bcc", "attacker@evil.example");
        headers.put("Subject", "injected");
        send("direct:staff-email", event("Appointment", 4, "ann@visitor.example"), headers);

        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(SMTP.getReceivedMessages()).hasSize(1);
        assertThat(mail.getSubject()).doesNotContain("injected");
        assertThat(Collections.list(mail.getAllHeaderLines()))
                .noneMatch(line -> line.startsWith("Neoagent") || line.startsWith("Bcc"));
    }

    @Test
    void shouldFailWithoutADeliveryKeyInsteadOfMakingUpAMessageId() throws Exception {
        Map<String, Object> headers = new java.util.HashMap<>(headers("appointment-email", 45));
        headers.remove(ChannelHeaders.DELIVERY_KEY);

        Exchange done = send("direct:staff-email", event("Appointment", 5, "ann@visitor.example"), headers);

        assertThat(done.getException()).hasMessageContaining("NeoagentDeliveryKey");
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldUpsertALeadAndEndWithItsRecordId() throws Exception {
        Exchange done = send(
                "direct:salesforce-lead", event("Lead", 31305, "ann@visitor.example"), headers("salesforce-lead", 46));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(String.class)).isEqualTo("00Q000000000001AAA");
        List<LoggedRequest> upserts = SALESFORCE
                .server()
                .findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                                SalesforceStandIn.LEADS + "/.+")));
        assertThat(upserts).hasSize(1);
        assertThat(upserts.get(0).getUrl()).endsWith("/Lead/Neoagent_Key__c/" + SERIAL + "%3A31305");
        JsonNode lead = JSON.readTree(upserts.get(0).getBodyAsString());
        assertThat(lead.path("LastName").asText()).isEqualTo("Lee");
        assertThat(lead.path("Email").asText()).isEqualTo("ann@visitor.example");
    }

    @Test
    void shouldEndTheBatchWithOneOutcomePerEventInOrder() throws Exception {
        // Salesforce refuses the first lead's address: it goes again without Email; the third event is of the same
        // conversation as the second, so it waits for the next call
        SALESFORCE.rejectCollectionRecordsContaining(
                "\"Email\":\"odd@visitor.example\"", "INVALID_EMAIL_ADDRESS", "invalid email address");
        List<NeoagentEvent> events = List.of(
                event("Lead", 1, "odd@visitor.example"),
                event("Lead", 2, "ann@visitor.example"),
                event("Lead", 2, "ann.lee@visitor.example"));

        Exchange done = send("direct:salesforce-lead-batch", events, Map.of(ChannelHeaders.CHANNEL, "salesforce-lead"));

        assertThat(done.getException()).isNull();
        List<?> outcomes = done.getMessage().getBody(List.class);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcomes.get(1)).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(outcomes.get(2)).isInstanceOf(DeliveryOutcome.NotSent.class);
        List<LoggedRequest> calls = SALESFORCE.leadCollectionCalls();
        assertThat(calls).hasSize(2);
        JsonNode resent = JSON.readTree(calls.get(1).getBodyAsString()).path("records");
        assertThat(resent).hasSize(1);
        assertThat(resent.get(0).has("Email")).isFalse();
        assertThat(resent.get(0).path("Description").asText()).contains("odd@visitor.example");
    }

    @Test
    void shouldWriteTheErrorReplyAsJsonWhateverTheMessageHolds() throws Exception {
        Exchange refused = producer.send("direct:webhook-error-reply", exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 400);
            exchange.getIn().setHeader("X-Echo", "me");
            exchange.setProperty(
                    Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException("field \"Type\", not a string"));
        });
        Exchange failed = producer.send("direct:webhook-error-reply", exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("secret detail"));
        });

        assertThat(refused.getMessage().getBody(String.class))
                .isEqualTo("{\"status\":\"error\",\"message\":\"field \\\"Type\\\", not a string\"}");
        assertThat(refused.getMessage().getHeaders())
                .containsOnlyKeys(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
        assertThat(failed.getMessage().getBody(String.class))
                .isEqualTo("{\"status\":\"error\",\"message\":\"internal error\"}");
    }

    @Test
    void shouldDeliverALeadAtOnceAfterTheCommitNotAtTheNextPoll() {
        assertThat(new WebhookClient(port)
                        .post(SignedRequest.of(SignedRequest.LEAD).at(Instant.now()))
                        .body())
                .isEqualTo("{\"status\":\"success\"}");

        // the poll is an hour apart: only the wake-up after the commit delivers this in time
        InboxRows inbox = new InboxRows(jdbc);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> inbox.deliveryStates().equals(List.of("salesforce-lead:delivered")));
    }

    @Test
    void shouldStartAfterAndStopBeforeTheCamelRoutesItCalls() {
        // Spring starts lower phases first and stops higher phases first
        assertThat(scheduler.getPhase()).isGreaterThan(((SpringCamelContext) camel).getPhase());
    }
}
