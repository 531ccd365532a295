package io.neoagent.bridge.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.neoagent.bridge.BridgeTest;
import io.neoagent.bridge.mail.RejectingSmtpServer;
import io.neoagent.bridge.salesforce.SalesforceStandIn;
import io.neoagent.bridge.webhook.SignedRequest;
import io.neoagent.bridge.webhook.WebhookClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A success whose record fails at first (SQLite busy, a dropped connection) is recorded again, not sent again:
 * the destination gets one send and the delivery ends delivered after one attempt.
 */
@BridgeTest
@TestPropertySource(
        properties = {
            BridgeTest.MAIL,
            "staff-email.recipients.appointment-email.to=desk@shop.example",
            BridgeTest.SALESFORCE,
            "salesforce.lead.external-id-field=Neoagent_Key__c",
            BridgeTest.FAST_POLL,
            BridgeTest.FAST_RETRIES
        })
@Import(FailingOutcomeRecords.class)
class InboxRecordingFailureTest {

    @RegisterExtension
    static final RejectingSmtpServer SMTP = RejectingSmtpServer.start();

    @RegisterExtension
    static final SalesforceStandIn SALESFORCE = new SalesforceStandIn();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    InboxRows inbox;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mail.port", SMTP::port);
        SALESFORCE.configure(registry);
    }

    @BeforeEach
    void setUp() {
        inbox = new InboxRows(jdbc);
        inbox.clear();
        SMTP.acceptMessages();
        SMTP.clearMessages();
    }

    private void send(String body) {
        assertThat(new WebhookClient(port).postSigned(body).body()).isEqualTo("{\"status\":\"success\"}");
    }

    private static String lead(int session) {
        return SignedRequest.LEAD.replace("\"ID session\":31305", "\"ID session\":" + session);
    }

    @Test
    void shouldSendTheEmailOnceWhenRecordingItsSuccessFailsAtFirst() {
        FailingOutcomeRecords.failNext(2);
        send("{\"Type\":\"Appointment\",\"FirstName\":\"Ann\",\"Content\":\"Monday\"}");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates().equals(List.of("appointment-email:delivered")));
        assertThat(FailingOutcomeRecords.failed()).as("records that failed").isEqualTo(2);
        assertThat(SMTP.messages()).as("e-mails sent").hasSize(1);
        assertThat(inbox.onlyDelivery()).containsEntry("attempts", 1).containsEntry("last_error", null);
    }

    @Test
    void shouldSendTheLeadsOnceWhenRecordingTheirBatchFailsAtFirst() {
        FailingOutcomeRecords.failNext(1);
        send("["
                + String.join(
                        ",",
                        IntStream.rangeClosed(1, 3)
                                .mapToObj(InboxRecordingFailureTest::lead)
                                .toList()) + "]");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox.deliveryStates()
                        .equals(List.of(
                                "salesforce-lead:delivered",
                                "salesforce-lead:delivered",
                                "salesforce-lead:delivered")));
        assertThat(FailingOutcomeRecords.failed()).as("records that failed").isEqualTo(1);
        assertThat(SALESFORCE.leadCollectionCalls())
                .as("sObject Collections calls")
                .hasSize(1);
        assertThat(inbox.deliveryRows()).allSatisfy(row -> assertThat(row).containsEntry("attempts", 1));
    }
}
